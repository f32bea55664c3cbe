package dev.bellman.optim;

import dev.bellman.nn.SafeTensors;
import dev.bellman.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Replays the gradient sequences of PyTorch fixtures (tools/fixtures/make_fixtures.py, torch.optim
 * with foreach=False) and compares every step's parameters with PyTorch's.
 *
 * <p>Tolerance: |actual − expected| ≤ 1e-5·|expected| + 1e-6. The absolute floor 1e-6 covers
 * parameters that cross zero, where a relative bound is meaningless; it is about the float32
 * rounding noise (~1e-7 per step) of parameters of order 0.1–1 accumulated over 100 steps.
 */
class OptimizerFixtureTest {
    static final double RTOL = 1e-5, ATOL = 1e-6;

    static Path fixture(String name) throws Exception {
        return Path.of(OptimizerFixtureTest.class.getResource("/fixtures/" + name).toURI());
    }

    static Optimizer build(Map<String, String> m, List<Tensor> params) {
        double lr = Double.parseDouble(m.get("lr"));
        double wd = Double.parseDouble(m.getOrDefault("weight_decay", "0"));
        double momentum = Double.parseDouble(m.getOrDefault("momentum", "0"));
        return switch (m.get("optimizer")) {
            case "SGD" -> new Sgd(params, new Sgd.Config(lr, momentum, Double.parseDouble(m.getOrDefault("dampening", "0")),
                    Boolean.parseBoolean(m.getOrDefault("nesterov", "False").toLowerCase()), wd));
            case "Adam", "AdamW" -> {
                String[] betas = m.getOrDefault("betas", "0.9,0.999").split(",");
                Adam.Config c = new Adam.Config(lr, Double.parseDouble(betas[0]), Double.parseDouble(betas[1]),
                        Double.parseDouble(m.getOrDefault("eps", "1e-08")),
                        Double.parseDouble(m.getOrDefault("weight_decay", m.get("optimizer").equals("AdamW") ? "0.01" : "0")),
                        Boolean.parseBoolean(m.getOrDefault("amsgrad", "False").toLowerCase()));
                yield m.get("optimizer").equals("Adam") ? new Adam(params, c) : new AdamW(params, c);
            }
            case "RMSprop" -> new RmsProp(params, new RmsProp.Config(lr, Double.parseDouble(m.getOrDefault("alpha", "0.99")),
                    Double.parseDouble(m.getOrDefault("eps", "1e-08")), wd, momentum,
                    Boolean.parseBoolean(m.getOrDefault("centered", "False").toLowerCase())));
            default -> throw new IllegalArgumentException(m.get("optimizer"));
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd_momentum", "sgd_nesterov_wd", "sgd_dampening", "adam", "adam_eps_wd_amsgrad",
            "adam_lr_linear", "adamw", "rmsprop", "rmsprop_momentum_wd", "rmsprop_centered"})
    void trajectory_matchesPyTorch(String name) throws Exception {
        SafeTensors.Contents f = SafeTensors.read(fixture("optim_" + name + ".safetensors"));
        Map<String, Tensor> t = f.tensors();
        Map<String, String> meta = f.metadata();
        int steps = Integer.parseInt(meta.get("steps"));
        List<Tensor> params = List.of(Tensor.parameter(t.get("param.0").toArray(), t.get("param.0").shape()),
                Tensor.parameter(t.get("param.1").toArray(), t.get("param.1").shape()));
        Optimizer opt = build(meta, params);
        Schedule schedule = meta.containsKey("lr_schedule")
                ? Schedule.linear(opt.learningRate(), Double.parseDouble(meta.get("lr_end")), steps) : null;
        double worst = 0;
        for (int step = 0; step < steps; step++) {
            if (schedule != null) schedule.apply(opt, step);
            for (int i = 0; i < 2; i++) {
                Tensor p = params.get(i);
                float[] g = t.get("grads." + i).toArray();
                float[] gi = java.util.Arrays.copyOfRange(g, step * p.size(), (step + 1) * p.size());
                p.zeroGrad();
                p.backward(gi); // a leaf's backward accumulates gi into its gradient
            }
            opt.step();
            for (int i = 0; i < 2; i++) {
                Tensor p = params.get(i);
                float[] exp = t.get("trajectory." + i).toArray();
                for (int j = 0; j < p.size(); j++) {
                    double e = exp[step * p.size() + j], a = p.data()[p.offset() + j];
                    double err = Math.abs(a - e);
                    worst = Math.max(worst, err / (RTOL * Math.abs(e) + ATOL));
                    assertTrue(err <= RTOL * Math.abs(e) + ATOL, name + " step " + (step + 1) + " param " + i + "[" + j
                            + "]: expected " + e + " but was " + a);
                }
            }
        }
        // the trajectory must actually move, or the comparison would be vacuous
        assertNotEquals(t.get("param.0").get(0, 0), params.get(0).get(0, 0));
        System.out.printf("%s: worst error / tolerance = %.3f%n", name, worst);
    }
}
