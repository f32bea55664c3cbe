package dev.bellman.envs.minatar;

import dev.bellman.env.NpRandomState;

/**
 * MinAtar Space Invaders (Young &amp; Tian 2019): a cannon on the bottom row shoots at a 4×6 block of aliens that
 * marches sideways and steps down at the walls, and whose column nearest the cannon shoots back; +1 per alien hit.
 * The episode ends when an enemy bullet or an alien reaches the cannon, or the aliens reach the bottom row while
 * turning. Difficulty ramps: each cleared wave shortens the aliens' move interval by one (from 12 down to 6).
 * Channels: 0 cannon, 1 alien, 2 alien moving left, 3 alien moving right, 4 friendly bullet, 5 enemy bullet.
 * The game draws nothing from the generator (only sticky actions do).
 */
final class SpaceInvaders extends MinAtarGame {
    private static final int SHOT_COOL_DOWN = 5;
    private static final int ENEMY_MOVE_INTERVAL = 12;
    private static final int ENEMY_SHOT_INTERVAL = 10;

    private final boolean ramping;
    private boolean[] fBullets = new boolean[100];
    private boolean[] eBullets = new boolean[100];
    private boolean[] aliens = new boolean[100];
    private int pos, alienDir, enemyMoveInterval, alienMoveTimer, alienShotTimer, rampIndex, shotTimer;

    SpaceInvaders(boolean ramping) {
        this.ramping = ramping;
    }

    @Override
    int channels() {
        return 6;
    }

    @Override
    int[] minimalActionSet() {
        return new int[] {NOOP, LEFT, RIGHT, FIRE};
    }

    @Override
    void reset(NpRandomState random) {
        this.random = random;
        pos = 5;
        java.util.Arrays.fill(fBullets, false);
        java.util.Arrays.fill(eBullets, false);
        java.util.Arrays.fill(aliens, false);
        fillAliens();
        alienDir = -1;
        enemyMoveInterval = ENEMY_MOVE_INTERVAL;
        alienMoveTimer = enemyMoveInterval;
        alienShotTimer = ENEMY_SHOT_INTERVAL;
        rampIndex = 0;
        shotTimer = 0;
        terminal = false;
    }

    private void fillAliens() {
        for (int y = 0; y < 4; y++) {
            for (int x = 2; x < 8; x++) aliens[y * 10 + x] = true;
        }
    }

    /** {@code np.roll(map, shift, axis=0)}: rows move down by {@code shift}, wrapping around. */
    private static boolean[] rollRows(boolean[] m, int shift) {
        boolean[] out = new boolean[100];
        for (int y = 0; y < 10; y++) {
            System.arraycopy(m, y * 10, out, Math.floorMod(y + shift, 10) * 10, 10);
        }
        return out;
    }

    /** {@code np.roll(map, shift, axis=1)}: columns move right by {@code shift}, wrapping around. */
    private static boolean[] rollColumns(boolean[] m, int shift) {
        boolean[] out = new boolean[100];
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 10; x++) out[y * 10 + Math.floorMod(x + shift, 10)] = m[y * 10 + x];
        }
        return out;
    }

    private int count(boolean[] m) {
        int n = 0;
        for (boolean b : m) {
            if (b) n++;
        }
        return n;
    }

    private boolean anyInColumn(int x) {
        for (int y = 0; y < 10; y++) {
            if (aliens[y * 10 + x]) return true;
        }
        return false;
    }

    @Override
    int act(int a) {
        int r = 0;
        if (terminal) return r;
        if (a == FIRE && shotTimer == 0) {
            fBullets[90 + pos] = true;
            shotTimer = SHOT_COOL_DOWN;
        } else if (a == LEFT) {
            pos = Math.max(0, pos - 1);
        } else if (a == RIGHT) {
            pos = Math.min(9, pos + 1);
        }
        fBullets = rollRows(fBullets, -1);
        for (int x = 0; x < 10; x++) fBullets[90 + x] = false;
        eBullets = rollRows(eBullets, 1);
        for (int x = 0; x < 10; x++) eBullets[x] = false;
        if (eBullets[90 + pos]) terminal = true;

        if (aliens[90 + pos]) terminal = true;
        if (alienMoveTimer == 0) {
            alienMoveTimer = Math.min(count(aliens), enemyMoveInterval);
            if ((anyInColumn(0) && alienDir < 0) || (anyInColumn(9) && alienDir > 0)) {
                alienDir = -alienDir;
                for (int x = 0; x < 10; x++) {
                    if (aliens[90 + x]) terminal = true;
                }
                aliens = rollRows(aliens, 1);
            } else {
                aliens = rollColumns(aliens, alienDir);
            }
            if (aliens[90 + pos]) terminal = true;
        }
        if (alienShotTimer == 0) {
            alienShotTimer = ENEMY_SHOT_INTERVAL;
            nearestAlienShoots();
        }
        for (int i = 0; i < 100; i++) {
            if (aliens[i] && fBullets[i]) {
                r += 1;
                aliens[i] = false;
                fBullets[i] = false;
            }
        }
        if (shotTimer > 0) shotTimer -= 1;
        alienMoveTimer -= 1;
        alienShotTimer -= 1;
        if (count(aliens) == 0) {
            if (enemyMoveInterval > 6 && ramping) {
                enemyMoveInterval -= 1;
                rampIndex += 1;
            }
            fillAliens();
        }
        return r;
    }

    /** The lowest alien of the occupied column nearest the cannon (ties: the left column) fires. */
    private void nearestAlienShoots() {
        for (int d = 0; d < 10; d++) {
            for (int x : d == 0 ? new int[] {pos} : new int[] {pos - d, pos + d}) { // the reference's stable sort
                if (x < 0 || x > 9 || !anyInColumn(x)) continue;
                for (int y = 9; y >= 0; y--) {
                    if (aliens[y * 10 + x]) {
                        eBullets[y * 10 + x] = true;
                        return;
                    }
                }
            }
        }
    }

    @Override
    void state(byte[] out) {
        set(out, 0, 9, pos);
        int dirPlane = alienDir < 0 ? 2 : 3;
        for (int i = 0; i < 100; i++) {
            if (aliens[i]) {
                out[100 + i] = 1;
                out[dirPlane * 100 + i] = 1;
            }
            if (fBullets[i]) out[400 + i] = 1;
            if (eBullets[i]) out[500 + i] = 1;
        }
    }

    /** The difficulty level reached (MinAtar's {@code difficulty_ramp()}). */
    int rampIndex() {
        return rampIndex;
    }

    @Override
    void save(Longs out) {
        out.add(pos);
        out.add(alienDir);
        out.add(enemyMoveInterval);
        out.add(alienMoveTimer);
        out.add(alienShotTimer);
        out.add(rampIndex);
        out.add(shotTimer);
        out.add(terminal);
        for (int i = 0; i < 100; i++) {
            out.add((aliens[i] ? 1 : 0) | (fBullets[i] ? 2 : 0) | (eBullets[i] ? 4 : 0));
        }
    }

    @Override
    void load(Longs.Cursor in) {
        pos = in.nextInt();
        alienDir = in.nextInt();
        enemyMoveInterval = in.nextInt();
        alienMoveTimer = in.nextInt();
        alienShotTimer = in.nextInt();
        rampIndex = in.nextInt();
        shotTimer = in.nextInt();
        terminal = in.nextBool();
        for (int i = 0; i < 100; i++) {
            long v = in.next();
            aliens[i] = (v & 1) != 0;
            fBullets[i] = (v & 2) != 0;
            eBullets[i] = (v & 4) != 0;
        }
    }
}
