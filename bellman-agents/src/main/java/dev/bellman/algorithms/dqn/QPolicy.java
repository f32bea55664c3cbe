package dev.bellman.algorithms.dqn;

import dev.bellman.core.PolicyOutputs;
import dev.bellman.nn.Rng;
import dev.bellman.nn.SafeTensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The greedy policy of a trained DQN: {@code argmax_a Q(s, a; θ)} (first action on ties). Saves as one
 * safetensors file, {@value #FILE}, whose metadata records the network's shape, so {@link #load(Path)}
 * rebuilds the identical network. Its one extra output ({@link PolicyOutputs}) is {@code q_values}, Q(s, ·).
 */
public final class QPolicy implements PolicyOutputs {
    /** The file {@link #save(Path)} writes into a directory. */
    public static final String FILE = "q_network.safetensors";

    private final Dqn.QNetwork network;
    private final float[] q;

    QPolicy(Dqn.QNetwork network) {
        this.network = network;
        this.q = new float[network.arch.numActions()];
    }

    Dqn.QNetwork network() {
        return network;
    }

    /** Number of actions. */
    public int numActions() {
        return network.arch.numActions();
    }

    /** The Q values of one observation (flattened, length = product of the observation shape). */
    public float[] qValues(float[] observation) {
        int d = network.arch.obsDim();
        if (observation.length != d) {
            throw new IllegalArgumentException("observation must have " + d + " values (shape "
                    + Arrays.toString(network.arch.obsShape()) + ") but had " + observation.length);
        }
        float[] out = new float[numActions()];
        network.qValues(observation, 1, out);
        return out;
    }

    /** The greedy action for a flat observation, as the env numbers it (Discrete.start added). */
    public int greedyAction(float[] observation) {
        int d = network.arch.obsDim();
        if (observation.length != d) {
            throw new IllegalArgumentException("observation must have " + d + " values (shape "
                    + Arrays.toString(network.arch.obsShape()) + ") but had " + observation.length);
        }
        network.qValues(observation, 1, q);
        return Dqn.argmax(q, 0, q.length) + network.arch.actionStart();
    }

    @Override
    public Object act(Object observation) {
        if (observation instanceof byte[] bytes) { // a ByteBox observation: its unsigned values, as in training
            return greedyAction(dev.bellman.env.ByteBox.toFloats(bytes));
        }
        if (!(observation instanceof float[] x)) {
            throw new IllegalArgumentException("a DQN policy needs a float[] (Box) or byte[] (uint8 Box) observation but got "
                    + (observation == null ? "null" : observation.getClass().getSimpleName()));
        }
        return greedyAction(x);
    }

    @Override
    public List<String> outputNames() {
        return List.of("q_values");
    }

    @Override
    public Map<String, float[]> outputs(Object observation) {
        float[] x = observation instanceof byte[] bytes ? dev.bellman.env.ByteBox.toFloats(bytes)
                : observation instanceof float[] f ? f : null;
        if (x == null) {
            throw new IllegalArgumentException("a DQN policy needs a float[] (Box) or byte[] (uint8 Box) observation but got "
                    + (observation == null ? "null" : observation.getClass().getSimpleName()));
        }
        return Map.of("q_values", qValues(x));
    }

    @Override
    public void save(Path directory) throws IOException {
        network.save(directory.resolve(FILE), network.arch.toMetadata());
    }

    /** Restores a policy that {@link #save(Path)} wrote into {@code directory}. */
    public static QPolicy load(Path directory) throws IOException {
        Path file = directory.resolve(FILE);
        SafeTensors.Contents contents = SafeTensors.read(file);
        Dqn.Architecture arch;
        try {
            arch = Dqn.Architecture.fromMetadata(contents.metadata());
        } catch (RuntimeException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        Dqn.QNetwork net = new Dqn.QNetwork(arch, new Rng(0));
        try {
            net.loadStateDict(contents.tensors());
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot load " + file + ": " + e.getMessage(), e);
        }
        return new QPolicy(net);
    }
}
