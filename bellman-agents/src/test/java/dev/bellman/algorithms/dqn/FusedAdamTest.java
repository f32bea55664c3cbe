package dev.bellman.algorithms.dqn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.bellman.nn.Rng;
import dev.bellman.optim.Adam;
import dev.bellman.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FusedAdamTest {
    @Test
    void hundredSteps_bitIdenticalToOptimAdam() {
        Rng rng = new Rng(3);
        List<Tensor> a = new ArrayList<>(), b = new ArrayList<>();
        for (int size : new int[]{1, 15, 37, 480, 1000}) {
            float[] init = new float[size];
            for (int i = 0; i < size; i++) init[i] = (float) rng.nextGaussian();
            a.add(Tensor.parameter(init.clone(), size));
            b.add(Tensor.parameter(init.clone(), size));
        }
        Adam reference = new Adam(a, 2.3e-3);
        FusedAdam fused = new FusedAdam(b, 2.3e-3);
        for (int t = 0; t < 100; t++) {
            for (int k = 0; k < a.size(); k++) {
                // same random gradient for both: loss = sum(c * p)
                float[] c = new float[a.get(k).size()];
                for (int i = 0; i < c.length; i++) c[i] = (float) rng.nextGaussian() * (t % 7 + 1);
                a.get(k).zeroGrad();
                b.get(k).zeroGrad();
                a.get(k).mul(Tensor.of(c.clone(), c.length)).sum().backward();
                b.get(k).mul(Tensor.of(c.clone(), c.length)).sum().backward();
            }
            reference.step();
            fused.step();
        }
        for (int k = 0; k < a.size(); k++) assertArrayEquals(a.get(k).toArray(), b.get(k).toArray());
    }
}
