package dev.bellman.algorithms.dqn;

import static org.junit.jupiter.api.Assertions.*;

import dev.bellman.nn.Rng;
import dev.bellman.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MlpQKernelTest {

    @ParameterizedTest(name = "dueling={0} huber={1} weighted={2} batch={3} obs={4} widths={5} actions={6}")
    @CsvSource({"false,false,false,37,5,16 11,3", "false,true,true,37,5,16 11,3", "true,false,true,37,5,16 11,3",
            "true,true,false,37,5,16 11,3", "false,false,true,5,5,16 11,3", "true,true,true,5,5,16 11,3",
            "false,true,false,64,5,16 11,3", "true,false,false,16,5,16 11,3",
            "false,true,false,64,4,256 256,2", "false,false,false,128,4,120 84,2", "true,true,true,64,6,64 64,3",
            "false,false,false,1,4,120 84,2", "false,false,false,3,6,64 64,3"})
    void fusedLossAndGradients_matchTheAutodiffGraph(boolean dueling, boolean huber, boolean weighted, int b,
                                                     int obsDim, String widths, int numActions) {
        List<Integer> hidden = java.util.Arrays.stream(widths.split(" ")).map(Integer::parseInt).toList();
        Dqn.Architecture arch = new Dqn.Architecture(new int[]{obsDim}, numActions, 0, hidden, dueling, "mlp", false);
        Dqn.QNetwork net = new Dqn.QNetwork(arch, new Rng(4));
        Rng rng = new Rng(9);
        float[] x = new float[b * obsDim];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        int[] actions = new int[b];
        float[] targets = new float[b];
        float[] weights = new float[b];
        for (int i = 0; i < b; i++) {
            actions[i] = rng.nextInt(numActions);
            targets[i] = (float) (2 * rng.nextGaussian()); // large enough that Huber uses both branches
            weights[i] = 0.2f + rng.nextFloat();
        }
        // autodiff reference
        net.zeroGrad();
        Tensor q = net.forward(Tensor.of(x.clone(), b, obsDim));
        Tensor d = q.gather(1, actions.clone()).reshape(b).sub(Tensor.of(targets.clone(), b));
        Tensor l = huber ? Tensor.where(d.detach().abs().lt(1f), d.square().mul(0.5f), d.abs().sub(0.5f)) : d.square();
        Tensor loss = weighted ? l.mul(Tensor.of(weights.clone(), b)).mean() : l.mean();
        loss.backward();
        Map<String, float[]> expected = new LinkedHashMap<>();
        net.namedParameters().forEach((k, p) -> expected.put(k, p.grad().clone()));
        float[] qRef = q.toArray();
        // fused
        net.zeroGrad();
        float[] td = new float[b], qa = new float[b];
        float fused = net.lossAndGrad(x, b, actions, targets, weighted ? weights : null, huber, td, qa);
        assertEquals(loss.item(), fused, 1e-5f * Math.max(1f, Math.abs(fused)));
        for (int i = 0; i < b; i++) {
            assertEquals(qRef[i * numActions + actions[i]], qa[i], 1e-5f);
            assertEquals(qa[i] - targets[i], td[i], 1e-6f);
        }
        float[] qFused = new float[b * numActions];
        net.qValues(x, b, qFused);
        for (int i = 0; i < qFused.length; i++) assertEquals(qRef[i], qFused[i], 1e-5f);
        List<String> names = new ArrayList<>(expected.keySet());
        for (String k : names) {
            float[] e = expected.get(k), g = net.namedParameters().get(k).grad();
            for (int i = 0; i < e.length; i++) {
                assertEquals(e[i], g[i], 1e-5f + 1e-4f * Math.abs(e[i]), k + "[" + i + "]");
            }
        }
    }
}
