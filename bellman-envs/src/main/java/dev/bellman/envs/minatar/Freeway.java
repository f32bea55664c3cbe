package dev.bellman.envs.minatar;

import dev.bellman.env.NpRandomState;

/**
 * MinAtar Freeway (Young &amp; Tian 2019): a chicken in column 4 crosses eight lanes of cars moving left or right at
 * one of five speeds, and may move only every third frame; +1 for reaching the top row, which sends it back to the
 * bottom and redraws the car speeds; a car sends it back to the bottom. The episode ends after 2,500 frames.
 * Channels: 0 chicken, 1 car, 2–6 the car's trail (the cell behind it) on the plane of its speed (moving every
 * 1…5 frames). No difficulty ramp.
 */
final class Freeway extends MinAtarGame {
    private static final int PLAYER_SPEED = 3;
    private static final int TIME_LIMIT = 2500;

    private final int[][] cars = new int[8][4]; // x, y, timer, signed speed
    private int pos, moveTimer, terminateTimer;

    @Override
    int channels() {
        return 7;
    }

    @Override
    int[] minimalActionSet() {
        return new int[] {NOOP, UP, DOWN};
    }

    @Override
    void reset(NpRandomState random) {
        this.random = random;
        randomizeCars(true);
        pos = 9;
        moveTimer = PLAYER_SPEED;
        terminateTimer = TIME_LIMIT;
        terminal = false;
    }

    private void randomizeCars(boolean initialize) {
        int[] speeds = new int[8];
        for (int i = 0; i < 8; i++) speeds[i] = (int) random.randint(1, 6);
        for (int i = 0; i < 8; i++) speeds[i] *= (int) Math.signum(random.randomSample() - 0.5);
        for (int i = 0; i < 8; i++) {
            if (initialize) {
                cars[i][0] = 0;
                cars[i][1] = i + 1;
            }
            cars[i][2] = Math.abs(speeds[i]);
            cars[i][3] = speeds[i];
        }
    }

    @Override
    int act(int a) {
        int r = 0;
        if (terminal) return r;
        if (a == UP && moveTimer == 0) {
            moveTimer = PLAYER_SPEED;
            pos = Math.max(0, pos - 1);
        } else if (a == DOWN && moveTimer == 0) {
            moveTimer = PLAYER_SPEED;
            pos = Math.min(9, pos + 1);
        }
        if (pos == 0) {
            r += 1;
            randomizeCars(false);
            pos = 9;
        }
        for (int[] car : cars) {
            if (at(car, 4, pos)) pos = 9;
            if (car[2] == 0) {
                car[2] = Math.abs(car[3]);
                car[0] += car[3] > 0 ? 1 : -1;
                if (car[0] < 0) car[0] = 9;
                else if (car[0] > 9) car[0] = 0;
                if (at(car, 4, pos)) pos = 9;
            } else {
                car[2] -= 1;
            }
        }
        if (moveTimer > 0) moveTimer -= 1;
        terminateTimer -= 1;
        if (terminateTimer < 0) terminal = true;
        return r;
    }

    @Override
    void state(byte[] out) {
        set(out, 0, pos, 4);
        for (int[] car : cars) {
            set(out, 1, car[1], car[0]);
            int backX = car[3] > 0 ? car[0] - 1 : car[0] + 1;
            if (backX < 0) backX = 9;
            else if (backX > 9) backX = 0;
            int speed = Math.abs(car[3]);
            if (speed >= 1 && speed <= 5) set(out, 1 + speed, car[1], backX);
        }
    }

    @Override
    void save(Longs out) {
        for (int[] car : cars) {
            for (int v : car) out.add(v);
        }
        out.add(pos);
        out.add(moveTimer);
        out.add(terminateTimer);
        out.add(terminal);
    }

    @Override
    void load(Longs.Cursor in) {
        for (int[] car : cars) {
            for (int k = 0; k < 4; k++) car[k] = in.nextInt();
        }
        pos = in.nextInt();
        moveTimer = in.nextInt();
        terminateTimer = in.nextInt();
        terminal = in.nextBool();
    }
}
