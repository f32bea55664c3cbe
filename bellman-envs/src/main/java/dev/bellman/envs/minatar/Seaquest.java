package dev.bellman.envs.minatar;

import dev.bellman.env.NpRandomState;
import java.util.ArrayList;
import java.util.List;

/**
 * MinAtar Seaquest (Young &amp; Tian 2019): a submarine shoots enemy fish and submarines (+1 each) that cross rows
 * 1–8, collects divers, and must surface before its oxygen (200 frames) runs out. Surfacing with six divers scores
 * the remaining oxygen in tenths and refills; surfacing with fewer refills and spends a diver; surfacing with none,
 * running out of oxygen, or touching an enemy or an enemy bullet ends the episode. Difficulty ramps at each surfacing:
 * the enemy spawn interval shortens by one (from 20 down to 1) and, every second ramp, the move interval too (from 5
 * down to 2). Channels: 0 sub front, 1 sub back, 2 friendly bullet, 3 trail, 4 enemy bullet, 5 enemy fish, 6 enemy
 * sub, 7 oxygen gauge, 8 diver gauge, 9 diver.
 *
 * <p>The reference keeps its objects in Python lists and removes them with {@code list.remove} (the first element
 * equal by value) while iterating over {@code reversed(list)}; this class reproduces what CPython does then, including
 * an object visited twice when an equal earlier one is removed in its place.
 */
final class Seaquest extends MinAtarGame {
    private static final int MAX_OXYGEN = 200;
    private static final int INIT_SPAWN_SPEED = 20;
    private static final int DIVER_SPAWN_SPEED = 30;
    private static final int INIT_MOVE_INTERVAL = 5;
    private static final int SHOT_COOL_DOWN = 5;
    private static final int ENEMY_SHOT_INTERVAL = 10;
    private static final int DIVER_MOVE_INTERVAL = 5;

    private final boolean ramping;
    private final List<int[]> fBullets = new ArrayList<>(); // x, y, right
    private final List<int[]> eBullets = new ArrayList<>(); // x, y, right
    private final List<int[]> eFish = new ArrayList<>(); // x, y, right, move timer
    private final List<int[]> eSubs = new ArrayList<>(); // x, y, right, move timer, shot timer
    private final List<int[]> divers = new ArrayList<>(); // x, y, right, move timer
    private int oxygen, diverCount, subX, subY, eSpawnSpeed, eSpawnTimer, dSpawnTimer, moveSpeed, rampIndex, shotTimer;
    private boolean subOr, surface;

    Seaquest(boolean ramping) {
        this.ramping = ramping;
    }

    @Override
    int channels() {
        return 10;
    }

    @Override
    int[] minimalActionSet() {
        return new int[] {NOOP, LEFT, UP, RIGHT, DOWN, FIRE};
    }

    @Override
    void reset(NpRandomState random) {
        this.random = random;
        oxygen = MAX_OXYGEN;
        diverCount = 0;
        subX = 5;
        subY = 0;
        subOr = false;
        fBullets.clear();
        eBullets.clear();
        eFish.clear();
        eSubs.clear();
        divers.clear();
        eSpawnSpeed = INIT_SPAWN_SPEED;
        eSpawnTimer = eSpawnSpeed;
        dSpawnTimer = DIVER_SPAWN_SPEED;
        moveSpeed = INIT_MOVE_INTERVAL;
        rampIndex = 0;
        shotTimer = 0;
        surface = true;
        terminal = false;
    }

    private boolean atSub(int[] o) {
        return o[0] == subX && o[1] == subY;
    }

    @Override
    int act(int a) {
        int r = 0;
        if (terminal) return r;
        if (eSpawnTimer == 0) {
            spawnEnemy();
            eSpawnTimer = eSpawnSpeed;
        }
        if (dSpawnTimer == 0) {
            spawnDiver();
            dSpawnTimer = DIVER_SPAWN_SPEED;
        }
        if (a == FIRE && shotTimer == 0) {
            fBullets.add(new int[] {subX, subY, subOr ? 1 : 0});
            shotTimer = SHOT_COOL_DOWN;
        } else if (a == LEFT) {
            subX = Math.max(0, subX - 1);
            subOr = false;
        } else if (a == RIGHT) {
            subX = Math.min(9, subX + 1);
            subOr = true;
        } else if (a == UP) {
            subY = Math.max(0, subY - 1);
        } else if (a == DOWN) {
            subY = Math.min(8, subY + 1);
        }

        // friendly bullets (reversed iteration, as CPython's list_reverseiterator: stop once the index leaves the list)
        for (int i = fBullets.size() - 1; i >= 0 && i < fBullets.size(); i--) {
            int[] bullet = fBullets.get(i);
            bullet[0] += bullet[2] != 0 ? 1 : -1;
            if (bullet[0] < 0 || bullet[0] > 9) {
                removeFirstEqual(fBullets, bullet);
            } else {
                boolean removed = false;
                for (int[] x : eFish) {
                    if (at(x, bullet[0], bullet[1])) {
                        removeFirstEqual(eFish, x);
                        removeFirstEqual(fBullets, bullet);
                        r += 1;
                        removed = true;
                        break;
                    }
                }
                if (!removed) {
                    for (int[] x : eSubs) {
                        if (at(x, bullet[0], bullet[1])) {
                            removeFirstEqual(eSubs, x);
                            removeFirstEqual(fBullets, bullet);
                            r += 1;
                            break;
                        }
                    }
                }
            }
        }

        for (int i = divers.size() - 1; i >= 0 && i < divers.size(); i--) {
            int[] diver = divers.get(i);
            if (atSub(diver) && diverCount < 6) {
                removeFirstEqual(divers, diver);
                diverCount += 1;
            } else if (diver[3] == 0) {
                diver[3] = DIVER_MOVE_INTERVAL;
                diver[0] += diver[2] != 0 ? 1 : -1;
                if (diver[0] < 0 || diver[0] > 9) {
                    removeFirstEqual(divers, diver);
                } else if (atSub(diver) && diverCount < 6) {
                    removeFirstEqual(divers, diver);
                    diverCount += 1;
                }
            } else {
                diver[3] -= 1;
            }
        }

        for (int i = eSubs.size() - 1; i >= 0 && i < eSubs.size(); i--) {
            int[] sub = eSubs.get(i);
            if (atSub(sub)) terminal = true;
            if (sub[3] == 0) {
                sub[3] = moveSpeed;
                sub[0] += sub[2] != 0 ? 1 : -1;
                if (sub[0] < 0 || sub[0] > 9) {
                    removeFirstEqual(eSubs, sub);
                } else if (atSub(sub)) {
                    terminal = true;
                } else {
                    r += shotBy(sub, eSubs);
                }
            } else {
                sub[3] -= 1;
            }
            // a sub removed above still shoots this frame, as in the reference
            if (sub[4] == 0) {
                sub[4] = ENEMY_SHOT_INTERVAL;
                eBullets.add(new int[] {sub[0], sub[1], sub[2]});
            } else {
                sub[4] -= 1;
            }
        }

        for (int i = eBullets.size() - 1; i >= 0 && i < eBullets.size(); i--) {
            int[] bullet = eBullets.get(i);
            if (atSub(bullet)) terminal = true;
            bullet[0] += bullet[2] != 0 ? 1 : -1;
            if (bullet[0] < 0 || bullet[0] > 9) {
                removeFirstEqual(eBullets, bullet);
            } else if (atSub(bullet)) {
                terminal = true;
            }
        }

        for (int i = eFish.size() - 1; i >= 0 && i < eFish.size(); i--) {
            int[] fish = eFish.get(i);
            if (atSub(fish)) terminal = true;
            if (fish[3] == 0) {
                fish[3] = moveSpeed;
                fish[0] += fish[2] != 0 ? 1 : -1;
                if (fish[0] < 0 || fish[0] > 9) {
                    removeFirstEqual(eFish, fish);
                } else if (atSub(fish)) {
                    terminal = true;
                } else {
                    r += shotBy(fish, eFish);
                }
            } else {
                fish[3] -= 1;
            }
        }

        if (eSpawnTimer > 0) eSpawnTimer -= 1;
        if (dSpawnTimer > 0) dSpawnTimer -= 1;
        if (shotTimer > 0) shotTimer -= 1;
        if (oxygen <= 0) terminal = true;
        if (subY > 0) {
            oxygen -= 1;
            surface = false;
        } else if (!surface) {
            if (diverCount == 0) terminal = true;
            else r += surface();
        }
        return r;
    }

    /** An enemy that moved onto a friendly bullet: both go (the first such bullet), +1. */
    private int shotBy(int[] enemy, List<int[]> enemies) {
        for (int[] x : fBullets) {
            if (at(x, enemy[0], enemy[1])) {
                removeFirstEqual(enemies, enemy);
                removeFirstEqual(fBullets, x);
                return 1;
            }
        }
        return 0;
    }

    private int surface() {
        surface = true;
        int r;
        if (diverCount == 6) {
            diverCount = 0;
            r = oxygen * 10 / MAX_OXYGEN;
        } else {
            r = 0;
        }
        oxygen = MAX_OXYGEN;
        diverCount -= 1; // after six divers this makes -1, as the reference does
        if (ramping && (eSpawnSpeed > 1 || moveSpeed > 2)) {
            if (moveSpeed > 2 && rampIndex % 2 != 0) moveSpeed -= 1;
            if (eSpawnSpeed > 1) eSpawnSpeed -= 1;
            rampIndex += 1;
        }
        return r;
    }

    private void spawnEnemy() {
        boolean lr = random.randomSample() < 1.0 / 2;
        boolean isSub = random.randomSample() < 1.0 / 3;
        int x = lr ? 0 : 9;
        int y = (int) random.randint(1, 9);
        int right = lr ? 1 : 0;
        for (int[] z : eSubs) {
            if (z[1] == y && z[2] != right) return;
        }
        for (int[] z : eFish) {
            if (z[1] == y && z[2] != right) return;
        }
        if (isSub) eSubs.add(new int[] {x, y, right, moveSpeed, ENEMY_SHOT_INTERVAL});
        else eFish.add(new int[] {x, y, right, moveSpeed});
    }

    private void spawnDiver() {
        boolean lr = random.randomSample() < 1.0 / 2;
        int x = lr ? 0 : 9;
        int y = (int) random.randint(1, 9);
        divers.add(new int[] {x, y, lr ? 1 : 0, DIVER_MOVE_INTERVAL});
    }

    private static void trail(byte[] out, int[] o) {
        int backX = o[2] != 0 ? o[0] - 1 : o[0] + 1;
        if (backX >= 0 && backX <= 9) set(out, 3, o[1], backX);
    }

    @Override
    void state(byte[] out) {
        set(out, 0, subY, subX);
        int backX = subOr ? subX - 1 : subX + 1;
        set(out, 1, subY, Math.floorMod(backX, 10)); // Python's index -1 is column 9
        int oxygenCells = Math.max(0, oxygen) * 10 / MAX_OXYGEN;
        for (int x = 0; x < Math.min(10, oxygenCells); x++) set(out, 7, 9, x);
        for (int x = Math.max(0, 9 - diverCount); x < 9; x++) set(out, 8, 9, x);
        for (int[] b : fBullets) set(out, 2, b[1], b[0]);
        for (int[] b : eBullets) set(out, 4, b[1], b[0]);
        for (int[] f : eFish) {
            set(out, 5, f[1], f[0]);
            trail(out, f);
        }
        for (int[] s : eSubs) {
            set(out, 6, s[1], s[0]);
            trail(out, s);
        }
        for (int[] d : divers) {
            set(out, 9, d[1], d[0]);
            trail(out, d);
        }
    }

    /** The difficulty level reached (MinAtar's {@code difficulty_ramp()}). */
    int rampIndex() {
        return rampIndex;
    }

    @Override
    void save(Longs out) {
        out.add(oxygen);
        out.add(diverCount);
        out.add(subX);
        out.add(subY);
        out.add(eSpawnSpeed);
        out.add(eSpawnTimer);
        out.add(dSpawnTimer);
        out.add(moveSpeed);
        out.add(rampIndex);
        out.add(shotTimer);
        out.add(subOr);
        out.add(surface);
        out.add(terminal);
        saveList(out, fBullets, 3);
        saveList(out, eBullets, 3);
        saveList(out, eFish, 4);
        saveList(out, eSubs, 5);
        saveList(out, divers, 4);
    }

    @Override
    void load(Longs.Cursor in) {
        oxygen = in.nextInt();
        diverCount = in.nextInt();
        subX = in.nextInt();
        subY = in.nextInt();
        eSpawnSpeed = in.nextInt();
        eSpawnTimer = in.nextInt();
        dSpawnTimer = in.nextInt();
        moveSpeed = in.nextInt();
        rampIndex = in.nextInt();
        shotTimer = in.nextInt();
        subOr = in.nextBool();
        surface = in.nextBool();
        terminal = in.nextBool();
        loadList(in, fBullets, 3);
        loadList(in, eBullets, 3);
        loadList(in, eFish, 4);
        loadList(in, eSubs, 5);
        loadList(in, divers, 4);
    }
}
