package dev.bellman.nn;

import dev.bellman.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Modules applied in order, as {@code torch.nn.Sequential}: children are named {@code "0"},
 * {@code "1"}, ... by position, parameter-free layers included, so a Sequential of
 * {@code Linear, ReLU, Linear} has parameters {@code 0.weight, 0.bias, 2.weight, 2.bias}.
 */
public final class Sequential extends Module {
    private final List<Module> layers = new ArrayList<>();

    public Sequential(Module... layers) {
        this(List.of(layers));
    }

    public Sequential(List<? extends Module> layers) {
        for (Module m : layers) {
            registerModule(Integer.toString(this.layers.size()), m);
            this.layers.add(m);
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        for (Module m : layers) x = m.forward(x);
        return x;
    }

    /** The layer at {@code index}. */
    public Module get(int index) {
        return layers.get(index);
    }

    public int size() {
        return layers.size();
    }
}
