package dev.bellman.algorithms.ppo;

import dev.bellman.core.Checkpoints;
import dev.bellman.core.TrainingState;
import dev.bellman.nn.ImpalaCnn;
import dev.bellman.nn.LayerInit;
import dev.bellman.nn.MinAtarCnn;
import dev.bellman.nn.Module;
import dev.bellman.nn.NatureCnn;
import dev.bellman.nn.Rng;
import dev.bellman.tensor.ByteImages;
import dev.bellman.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * The torso of discrete PPO's network: {@code mlp} (CleanRL {@code ppo.py}: separate tanh actor and critic MLPs) or a
 * convolutional trunk shared by actor and critic (CleanRL {@code ppo_atari.py}: {@code network} → {@code actor} and
 * {@code critic} linear heads), {@code nature-cnn}, {@code minatar-cnn} or {@code impala-cnn}, all layers of the
 * trunk initialised orthogonally with gain √2 and zero bias. {@code auto} picks the MLP for vector observations and
 * a CNN for {@code [C, H, W]} images (the Nature CNN from 36×36 up, the MinAtar CNN below), as DQN does.
 *
 * <p>Input scaling: the Nature and IMPALA CNNs divide their input by 255 when the observation space's upper bound is
 * above 1 (0–255 pixels) and read it unscaled otherwise (0/1 planes); the MinAtar CNN always reads it unscaled.
 */
final class PpoTorso {
    /** The accepted values of the {@code torso} hyperparameter. */
    static final List<String> NAMES = List.of("auto", "mlp", "nature-cnn", "minatar-cnn", "impala-cnn");

    private PpoTorso() {
    }

    /** {@code torso} with {@code auto} resolved for observations of shape {@code obsShape}. */
    static String resolve(String torso, int[] obsShape) {
        if (!NAMES.contains(torso)) {
            throw new IllegalArgumentException("torso must be one of " + NAMES + " but was '" + torso + "'");
        }
        String t = torso;
        if (t.equals("auto")) {
            t = obsShape.length == 3 ? (obsShape[1] >= 36 && obsShape[2] >= 36 ? "nature-cnn" : "minatar-cnn") : "mlp";
        }
        if (!t.equals("mlp") && obsShape.length != 3) {
            throw new IllegalArgumentException("torso " + t + " needs [C, H, W] image observations but the env's are "
                    + Arrays.toString(obsShape) + "; use torso=mlp or auto");
        }
        return t;
    }

    /** The convolutional trunk {@code torso} for {@code [C, H, W]} inputs, orthogonal init with gain √2. */
    static Module cnn(String torso, int[] chw, boolean scaleInput, Rng rng) {
        return cnn(torso, chw, scaleInput, LayerInit.orthogonal(Math.sqrt(2), 0), rng);
    }

    /**
     * The number of parameters of the CNN torso {@code torso} with its actor head ({@code numActions} outputs) and
     * critic head, for memory estimates (built with a cheap initialisation, then dropped).
     */
    static long parameterCount(String torso, int[] chw, int numActions) {
        Module m = cnn(torso, chw, false, LayerInit.torchDefault(), new Rng(0));
        long n = 0;
        for (Tensor p : m.parameters()) {
            n += p.size();
        }
        return n + (long) (outputDim(m) + 1) * (numActions + 1);
    }

    private static Module cnn(String torso, int[] chw, boolean scaleInput, LayerInit init, Rng rng) {
        return switch (torso) {
            case "nature-cnn" -> new NatureCnn(chw[0], chw[1], chw[2], scaleInput, init, rng);
            case "minatar-cnn" -> new MinAtarCnn(chw[0], chw[1], chw[2], init, rng);
            case "impala-cnn" -> new ImpalaCnn(chw[0], chw[1], chw[2], new int[] {16, 32, 32}, 256, scaleInput, init,
                    rng);
            default -> throw new IllegalArgumentException("not a CNN torso: " + torso);
        };
    }

    /** The trunk's output width. */
    static int outputDim(Module cnn) {
        return switch (cnn) {
            case NatureCnn n -> n.outputDim();
            case MinAtarCnn m -> m.outputDim();
            case ImpalaCnn i -> i.outputDim();
            default -> throw new IllegalArgumentException("not a CNN torso: " + cnn.getClass().getSimpleName());
        };
    }

    /** The trunk's features of flat float observations {@code [B, C·H·W]}. */
    static Tensor features(Module cnn, Tensor flat, int[] chw) {
        return cnn.forward(flat.reshape(flat.dim(0), chw[0], chw[1], chw[2]));
    }

    /** The trunk's features of byte images, read by the first convolution without a float copy. */
    static Tensor features(Module cnn, ByteImages x) {
        return switch (cnn) {
            case NatureCnn n -> n.forward(x);
            case MinAtarCnn m -> m.forward(x);
            case ImpalaCnn i -> i.forward(x);
            default -> throw new IllegalArgumentException("not a CNN torso: " + cnn.getClass().getSimpleName());
        };
    }

    /** Records the run's resolved torso in a checkpoint. */
    static void putSaved(TrainingState.Writer state, String torso) {
        state.putLong("ppo.torso", NAMES.indexOf(torso));
    }

    /**
     * Refuses a checkpoint written with another torso, naming both (checkpoints from before the torso existed were
     * written by the MLP).
     */
    static void checkSaved(TrainingState.Reader state, Checkpoints.Loaded from, String torso) {
        long saved = state.has("ppo.torso") ? state.getLong("ppo.torso") : NAMES.indexOf("mlp");
        String savedName = saved >= 0 && saved < NAMES.size() ? NAMES.get((int) saved) : "unknown (" + saved + ")";
        if (!savedName.equals(torso)) {
            throw new IllegalArgumentException("the checkpoint in " + from.directory() + " was written with torso = "
                    + savedName + " but this run has torso = " + torso + "; resume with the saved run's settings");
        }
    }

    static String join(int[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ",").append(v[i]);
        }
        return sb.toString();
    }

    static int[] split(String s) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException("the saved CNN policy lacks its observation shape (obs_shape)");
        }
        return Arrays.stream(s.split(",")).mapToInt(x -> Integer.parseInt(x.strip())).toArray();
    }
}
