package dev.bellman.envs.minatar;

import dev.bellman.env.NpRandomState;

/**
 * MinAtar Breakout (Young &amp; Tian 2019): a paddle on the bottom row bounces a ball that travels on diagonals into
 * three rows of bricks; +1 per brick; when the bricks are gone and the ball reaches the bottom row they come back.
 * The episode ends when the ball passes the paddle. Channels: 0 paddle, 1 ball, 2 trail (the ball's last cell),
 * 3 brick. No difficulty ramp.
 */
final class Breakout extends MinAtarGame {
    // directions: 0 up-left, 1 up-right, 2 down-right, 3 down-left
    private static final int[] FLIP_X = {1, 0, 3, 2};
    private static final int[] FLIP_Y = {3, 2, 1, 0};
    private static final int[] PADDLE_EDGE = {2, 3, 0, 1};

    private int ballX, ballY, ballDir, pos, lastX, lastY;
    private boolean strike;
    private final boolean[] bricks = new boolean[100];

    @Override
    int channels() {
        return 4;
    }

    @Override
    int[] minimalActionSet() {
        return new int[] {NOOP, LEFT, RIGHT};
    }

    @Override
    void reset(NpRandomState random) {
        this.random = random;
        ballY = 3;
        if (random.randint(2) == 0) {
            ballX = 0;
            ballDir = 2;
        } else {
            ballX = 9;
            ballDir = 3;
        }
        pos = 4;
        java.util.Arrays.fill(bricks, false);
        fillBricks();
        strike = false;
        lastX = ballX;
        lastY = ballY;
        terminal = false;
    }

    private void fillBricks() {
        for (int i = 10; i < 40; i++) bricks[i] = true;
    }

    @Override
    int act(int a) {
        int r = 0;
        if (terminal) return r;
        if (a == LEFT) pos = Math.max(0, pos - 1);
        else if (a == RIGHT) pos = Math.min(9, pos + 1);

        lastX = ballX;
        lastY = ballY;
        int newX = ballDir == 0 || ballDir == 3 ? ballX - 1 : ballX + 1;
        int newY = ballDir <= 1 ? ballY - 1 : ballY + 1;

        boolean strikeToggle = false;
        if (newX < 0 || newX > 9) {
            newX = Math.max(0, Math.min(9, newX));
            ballDir = FLIP_X[ballDir];
        }
        if (newY < 0) {
            newY = 0;
            ballDir = FLIP_Y[ballDir];
        } else if (bricks[newY * 10 + newX]) {
            strikeToggle = true;
            if (!strike) {
                r += 1;
                strike = true;
                bricks[newY * 10 + newX] = false;
                newY = lastY;
                ballDir = FLIP_Y[ballDir];
            }
        } else if (newY == 9) {
            boolean any = false;
            for (boolean b : bricks) any |= b;
            if (!any) fillBricks();
            if (ballX == pos) {
                ballDir = FLIP_Y[ballDir];
                newY = lastY;
            } else if (newX == pos) {
                ballDir = PADDLE_EDGE[ballDir];
                newY = lastY;
            } else {
                terminal = true;
            }
        }
        if (!strikeToggle) strike = false;
        ballX = newX;
        ballY = newY;
        return r;
    }

    @Override
    void state(byte[] out) {
        set(out, 1, ballY, ballX);
        set(out, 0, 9, pos);
        set(out, 2, lastY, lastX);
        for (int i = 0; i < 100; i++) {
            if (bricks[i]) out[300 + i] = 1;
        }
    }

    @Override
    void save(Longs out) {
        out.add(ballX);
        out.add(ballY);
        out.add(ballDir);
        out.add(pos);
        out.add(lastX);
        out.add(lastY);
        out.add(strike);
        out.add(terminal);
        for (boolean b : bricks) out.add(b);
    }

    @Override
    void load(Longs.Cursor in) {
        ballX = in.nextInt();
        ballY = in.nextInt();
        ballDir = in.nextInt();
        pos = in.nextInt();
        lastX = in.nextInt();
        lastY = in.nextInt();
        strike = in.nextBool();
        terminal = in.nextBool();
        for (int i = 0; i < 100; i++) bricks[i] = in.nextBool();
    }
}
