package dev.bellman.envs.minatar;

import dev.bellman.env.NpRandomState;

/**
 * MinAtar Asterix (Young &amp; Tian 2019): the player moves in four directions on rows 1–8; enemies and gold enter
 * rows 1–8 from either side and cross the screen; +1 for each gold collected; touching an enemy ends the episode.
 * Difficulty ramps: every ~100 frames the spawn interval shortens by one (from 10 down to 1) and, every second ramp,
 * the move interval too (from 5 down to 1). Channels: 0 player, 1 enemy, 2 trail, 3 gold.
 */
final class Asterix extends MinAtarGame {
    private static final int RAMP_INTERVAL = 100;
    private static final int INIT_SPAWN_SPEED = 10;
    private static final int INIT_MOVE_INTERVAL = 5;

    private final boolean ramping;
    // one slot per row 1..8: x, y, moving right (0/1), gold (0/1); null when empty
    private final int[][] entities = new int[8][];
    private int playerX, playerY, spawnSpeed, spawnTimer, moveSpeed, moveTimer, rampTimer, rampIndex;

    Asterix(boolean ramping) {
        this.ramping = ramping;
    }

    @Override
    int channels() {
        return 4;
    }

    @Override
    int[] minimalActionSet() {
        return new int[] {NOOP, LEFT, UP, RIGHT, DOWN};
    }

    @Override
    void reset(NpRandomState random) {
        this.random = random;
        playerX = 5;
        playerY = 5;
        java.util.Arrays.fill(entities, null);
        spawnSpeed = INIT_SPAWN_SPEED;
        spawnTimer = spawnSpeed;
        moveSpeed = INIT_MOVE_INTERVAL;
        moveTimer = moveSpeed;
        rampTimer = RAMP_INTERVAL;
        rampIndex = 0;
        terminal = false;
    }

    private void spawnEntity() {
        boolean lr = random.randomSample() < 1.0 / 2;
        boolean gold = random.randomSample() < 1.0 / 3;
        int x = lr ? 0 : 9;
        int free = 0;
        for (int[] e : entities) {
            if (e == null) free++;
        }
        if (free == 0) return;
        int pick = (int) random.randint(free);
        for (int i = 0; i < 8; i++) {
            if (entities[i] == null && pick-- == 0) {
                entities[i] = new int[] {x, i + 1, lr ? 1 : 0, gold ? 1 : 0};
                return;
            }
        }
    }

    @Override
    int act(int a) {
        int r = 0;
        if (terminal) return r;
        if (spawnTimer == 0) {
            spawnEntity();
            spawnTimer = spawnSpeed;
        }
        if (a == LEFT) playerX = Math.max(0, playerX - 1);
        else if (a == RIGHT) playerX = Math.min(9, playerX + 1);
        else if (a == UP) playerY = Math.max(1, playerY - 1);
        else if (a == DOWN) playerY = Math.min(8, playerY + 1);

        for (int i = 0; i < 8; i++) {
            int[] e = entities[i];
            if (e != null && at(e, playerX, playerY)) {
                if (e[3] != 0) {
                    entities[i] = null;
                    r += 1;
                } else {
                    terminal = true;
                }
            }
        }
        if (moveTimer == 0) {
            moveTimer = moveSpeed;
            for (int i = 0; i < 8; i++) {
                int[] e = entities[i];
                if (e != null) {
                    e[0] += e[2] != 0 ? 1 : -1;
                    if (e[0] < 0 || e[0] > 9) entities[i] = null;
                    if (at(e, playerX, playerY)) {
                        if (e[3] != 0) {
                            entities[i] = null;
                            r += 1;
                        } else {
                            terminal = true;
                        }
                    }
                }
            }
        }
        spawnTimer -= 1;
        moveTimer -= 1;
        if (ramping && (spawnSpeed > 1 || moveSpeed > 1)) {
            if (rampTimer >= 0) {
                rampTimer -= 1;
            } else {
                if (moveSpeed > 1 && rampIndex % 2 != 0) moveSpeed -= 1;
                if (spawnSpeed > 1) spawnSpeed -= 1;
                rampIndex += 1;
                rampTimer = RAMP_INTERVAL;
            }
        }
        return r;
    }

    @Override
    void state(byte[] out) {
        set(out, 0, playerY, playerX);
        for (int[] e : entities) {
            if (e == null) continue;
            set(out, e[3] != 0 ? 3 : 1, e[1], e[0]);
            int backX = e[2] != 0 ? e[0] - 1 : e[0] + 1;
            if (backX >= 0 && backX <= 9) set(out, 2, e[1], backX);
        }
    }

    /** The difficulty level reached (MinAtar's {@code difficulty_ramp()}). */
    int rampIndex() {
        return rampIndex;
    }

    @Override
    void save(Longs out) {
        out.add(playerX);
        out.add(playerY);
        out.add(spawnSpeed);
        out.add(spawnTimer);
        out.add(moveSpeed);
        out.add(moveTimer);
        out.add(rampTimer);
        out.add(rampIndex);
        out.add(terminal);
        for (int[] e : entities) {
            out.add(e != null);
            for (int k = 0; k < 4; k++) out.add(e == null ? 0 : e[k]);
        }
    }

    @Override
    void load(Longs.Cursor in) {
        playerX = in.nextInt();
        playerY = in.nextInt();
        spawnSpeed = in.nextInt();
        spawnTimer = in.nextInt();
        moveSpeed = in.nextInt();
        moveTimer = in.nextInt();
        rampTimer = in.nextInt();
        rampIndex = in.nextInt();
        terminal = in.nextBool();
        for (int i = 0; i < 8; i++) {
            boolean present = in.nextBool();
            int[] e = new int[4];
            for (int k = 0; k < 4; k++) e[k] = in.nextInt();
            entities[i] = present ? e : null;
        }
    }
}
