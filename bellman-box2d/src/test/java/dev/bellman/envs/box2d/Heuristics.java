package dev.bellman.envs.box2d;

/**
 * Test policies: Bellman's ports of the hand-written controllers Gymnasium ships with its Box2D tasks
 * ({@code lunar_lander.heuristic} and {@code bipedal_walker.BipedalWalkerHeuristics}), used for behavioural
 * conformance.
 */
final class Heuristics {
    private Heuristics() {
    }

    /** The lander controller: tilt towards the pad, hover at a height proportional to the offset, then sink slowly. */
    static Object lander(float[] s, boolean continuous) {
        double angleTarget = Math.max(-0.4, Math.min(0.4, s[0] * 0.5 + s[2] * 1.0));
        double hoverTarget = 0.55 * Math.abs(s[0]);
        double angleTodo = (angleTarget - s[4]) * 0.5 - s[5] * 1.0;
        double hoverTodo = (hoverTarget - s[1]) * 0.5 - s[3] * 0.5;
        if (s[6] != 0 || s[7] != 0) {
            angleTodo = 0;
            hoverTodo = -s[3] * 0.5;
        }
        if (continuous) {
            return new float[] {(float) clip(hoverTodo * 20 - 1), (float) clip(-angleTodo * 20)};
        }
        if (hoverTodo > Math.abs(angleTodo) && hoverTodo > 0.05) {
            return 2;
        } else if (angleTodo < -0.05) {
            return 3;
        } else if (angleTodo > 0.05) {
            return 1;
        }
        return 0;
    }

    private static double clip(double v) {
        return Math.max(-1.0, Math.min(1.0, v));
    }

    /** The walker's three-phase gait controller; one instance per episode (it keeps its phase). */
    static final class Walker {
        private static final int STAY_ON_ONE_LEG = 1;
        private static final int PUT_OTHER_DOWN = 2;
        private static final int PUSH_OFF = 3;
        private static final double SPEED = 0.29;
        private static final double SUPPORT_KNEE_ANGLE = 0.1;

        private int state = STAY_ON_ONE_LEG;
        private int movingLeg = 0;
        private int supportingLeg = 1;
        private double supportingKneeAngle = SUPPORT_KNEE_ANGLE;

        float[] act(float[] s) {
            int movingBase = 4 + 5 * movingLeg;
            int supportingBase = 4 + 5 * supportingLeg;
            double[] hipTarget = {Double.NaN, Double.NaN}; // NaN: no target (Gymnasium's None)
            double[] kneeTarget = {Double.NaN, Double.NaN};
            double[] hipTodo = new double[2];
            double[] kneeTodo = new double[2];
            if (state == STAY_ON_ONE_LEG) {
                hipTarget[movingLeg] = 1.1;
                kneeTarget[movingLeg] = -0.6;
                supportingKneeAngle += 0.03;
                if (s[2] > SPEED) {
                    supportingKneeAngle += 0.03;
                }
                supportingKneeAngle = Math.min(supportingKneeAngle, SUPPORT_KNEE_ANGLE);
                kneeTarget[supportingLeg] = supportingKneeAngle;
                if (s[supportingBase] < 0.10) {
                    state = PUT_OTHER_DOWN;
                }
            }
            if (state == PUT_OTHER_DOWN) {
                hipTarget[movingLeg] = 0.1;
                kneeTarget[movingLeg] = SUPPORT_KNEE_ANGLE;
                kneeTarget[supportingLeg] = supportingKneeAngle;
                if (s[movingBase + 4] != 0) {
                    state = PUSH_OFF;
                    supportingKneeAngle = Math.min(s[movingBase + 2], SUPPORT_KNEE_ANGLE);
                }
            }
            if (state == PUSH_OFF) {
                kneeTarget[movingLeg] = supportingKneeAngle;
                kneeTarget[supportingLeg] = 1.0;
                if (s[supportingBase + 2] > 0.88 || s[2] > 1.2 * SPEED) {
                    state = STAY_ON_ONE_LEG;
                    movingLeg = 1 - movingLeg;
                    supportingLeg = 1 - movingLeg;
                }
            }
            // Gymnasium tests the targets for truth: a missing target and a zero target are both skipped
            if (given(hipTarget[0])) {
                hipTodo[0] = 0.9 * (hipTarget[0] - s[4]) - 0.25 * s[5];
            }
            if (given(hipTarget[1])) {
                hipTodo[1] = 0.9 * (hipTarget[1] - s[9]) - 0.25 * s[10];
            }
            if (given(kneeTarget[0])) {
                kneeTodo[0] = 4.0 * (kneeTarget[0] - s[6]) - 0.25 * s[7];
            }
            if (given(kneeTarget[1])) {
                kneeTodo[1] = 4.0 * (kneeTarget[1] - s[11]) - 0.25 * s[12];
            }
            for (int leg = 0; leg < 2; leg++) {
                hipTodo[leg] -= 0.9 * (0 - s[0]) - 1.5 * s[1]; // keep the hull level
                kneeTodo[leg] -= 15.0 * s[3]; // damp vertical oscillation
            }
            return new float[] {(float) clip(0.5 * hipTodo[0]), (float) clip(0.5 * kneeTodo[0]),
                (float) clip(0.5 * hipTodo[1]), (float) clip(0.5 * kneeTodo[1])};
        }

        private static boolean given(double target) {
            return !Double.isNaN(target) && target != 0.0;
        }
    }
}
