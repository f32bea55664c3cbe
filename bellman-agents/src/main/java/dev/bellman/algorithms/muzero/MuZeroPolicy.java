package dev.bellman.algorithms.muzero;

import dev.bellman.core.Policy;
import dev.bellman.nn.Rng;
import dev.bellman.nn.SafeTensors;
import dev.bellman.search.LatentTree;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The greedy policy of a trained {@link MuZero}: a search of the training's number of simulations from
 * {@code h(o)} without root noise, and the most visited action (lowest on ties). Saves the three networks as one
 * safetensors file, {@value #FILE}, whose metadata records their shapes and the search's settings ({@code image_shape}
 * {@code C,H,W} when the representation network is convolutional).
 */
public final class MuZeroPolicy implements Policy {
    /** The file {@link #save(Path)} writes into a directory. */
    public static final String FILE = "muzero.safetensors";

    private final MuZero.Networks net;
    private final LatentTree tree;
    private final MuZero.Inference inference;
    private final int[] visits;

    MuZeroPolicy(MuZero.Networks net) {
        this.net = net;
        MuZero.Architecture a = net.arch;
        this.tree = new LatentTree(a.numActions(), a.latentSize(), a.simulations(), a.pbCBase(), a.pbCInit(), a.discount());
        this.inference = new MuZero.Inference(net);
        this.visits = new int[a.numActions()];
    }

    /** The most visited root action of a noise-free search from {@code observation} (actions numbered from 0). */
    public int greedyAction(float[] observation) {
        if (observation.length != net.arch.obsSize()) {
            throw new IllegalArgumentException("observation must have " + net.arch.obsSize() + " values but had "
                    + observation.length);
        }
        MuZero.search(tree, inference, observation, net.arch.simulations(), 1, 0, new Rng(0));
        tree.rootVisits(visits);
        return MuZero.argmax(visits);
    }

    /** The root value of the last {@link #greedyAction} search. */
    public double lastRootValue() {
        return tree.rootValue();
    }

    /** The greedy action for a Box observation ({@code float[]}) or a ByteBox one ({@code byte[]}, its unsigned values). */
    @Override
    public Object act(Object observation) {
        if (observation instanceof byte[] b) return greedyAction(dev.bellman.env.ByteBox.toFloats(b));
        if (!(observation instanceof float[] x)) {
            throw new IllegalArgumentException("a MuZero policy needs a float[] (Box) or byte[] (ByteBox) observation but got "
                    + (observation == null ? "null" : observation.getClass().getSimpleName()));
        }
        return greedyAction(x);
    }

    @Override
    public void save(Path directory) throws IOException {
        net.save(directory.resolve(FILE), metadata(net.arch));
    }

    /** The networks' sizes and the search's settings, as the saved file's metadata records them. */
    static Map<String, String> metadata(MuZero.Architecture a) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("algorithm", "muzero");
        meta.put("obs_size", Integer.toString(a.obsSize()));
        meta.put("num_actions", Integer.toString(a.numActions()));
        meta.put("hidden_size", Integer.toString(a.hiddenSize()));
        meta.put("latent_size", Integer.toString(a.latentSize()));
        meta.put("support_size", Integer.toString(a.supportSize()));
        meta.put("reward_support_size", Integer.toString(a.rewardSupportSize()));
        meta.put("simulations", Integer.toString(a.simulations()));
        meta.put("discount", Double.toString(a.discount()));
        meta.put("pb_c_base", Double.toString(a.pbCBase()));
        meta.put("pb_c_init", Double.toString(a.pbCInit()));
        if (a.imageShape() != null) { // a convolutional representation network (MinAtar)
            meta.put("image_shape", a.imageShape()[0] + "," + a.imageShape()[1] + "," + a.imageShape()[2]);
        }
        return meta;
    }

    /** The trained networks. */
    MuZero.Networks networks() {
        return net;
    }

    /** Restores a policy that {@link #save(Path)} wrote into {@code directory}. */
    public static MuZeroPolicy load(Path directory) throws IOException {
        Path file = directory.resolve(FILE);
        SafeTensors.Contents contents = SafeTensors.read(file);
        Map<String, String> m = contents.metadata();
        MuZero.Architecture a;
        try {
            a = new MuZero.Architecture(Integer.parseInt(m.get("obs_size")), Integer.parseInt(m.get("num_actions")),
                    Integer.parseInt(m.get("hidden_size")), Integer.parseInt(m.get("latent_size")),
                    Integer.parseInt(m.get("support_size")), Integer.parseInt(m.get("reward_support_size")),
                    Integer.parseInt(m.get("simulations")), Double.parseDouble(m.get("discount")),
                    Double.parseDouble(m.get("pb_c_base")), Double.parseDouble(m.get("pb_c_init")),
                    m.containsKey("image_shape")
                            ? java.util.Arrays.stream(m.get("image_shape").split(",")).mapToInt(Integer::parseInt).toArray()
                            : null);
        } catch (RuntimeException e) {
            throw new IOException(file + " does not describe a MuZero network: " + e.getMessage(), e);
        }
        MuZero.Networks net = new MuZero.Networks(a, new Rng(0));
        try {
            net.loadStateDict(contents.tensors());
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot load " + file + ": " + e.getMessage(), e);
        }
        return new MuZeroPolicy(net);
    }
}
