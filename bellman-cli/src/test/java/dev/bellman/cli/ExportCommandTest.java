package dev.bellman.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import onnx.Onnx.ModelProto;
import onnx.Onnx.ValueInfoProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bellman export}: ONNX and safetensors files from a trained run, and one-paragraph errors. */
class ExportCommandTest {
    @TempDir
    Path tmp;

    private Path train(String algo, String env, String... set) {
        Path run = tmp.resolve(algo + "-run");
        String[] base = {"train", "--algo", algo, "--env", env, "--run-dir", run.toString(), "--total-timesteps", "256",
                "--eval-episodes", "1", "--no-plot"};
        String[] all = new String[base.length + set.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(set, 0, all, base.length, set.length);
        Cli r = Cli.run(all);
        assertEquals(0, r.exitCode(), r.toString());
        return run;
    }

    @Test
    void ppoRunExportsToOnnxAndSafetensors() throws Exception {
        Path run = train("ppo", "CartPole-v1", "--set", "num-envs=2", "--set", "num-steps=64");
        Path onnx = tmp.resolve("out/cartpole.onnx");
        Cli r = Cli.run("export", "--run-dir", run.toString(), "--format", "onnx", "--out", onnx.toString(),
                "--with-value");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("opset 17") && r.out().contains("obs [batch, 4]"), r.toString());
        ModelProto m = ModelProto.parseFrom(Files.readAllBytes(onnx));
        assertEquals(List.of("action", "value"), m.getGraph().getOutputList().stream().map(ValueInfoProto::getName).toList());
        assertEquals(8, m.getIrVersion());

        Path st = tmp.resolve("ppo.safetensors");
        r = Cli.run("export", "--run-dir", run.toString(), "--format", "safetensors", "--out", st.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertArrayEquals(Files.readAllBytes(run.resolve("model/ppo.safetensors")), Files.readAllBytes(st));
    }

    @Test
    void badFormatAndPlannersAreRefusedInOneParagraph_tabularExports() {
        Cli r = Cli.run("export", "--run-dir", tmp.toString(), "--format", "tflite", "--out", tmp.resolve("x").toString());
        assertUserError(r, "--format must be onnx or safetensors but was 'tflite'");

        Path run = train("q-learning", "FrozenLake-v1");
        r = Cli.run("export", "--run-dir", run.toString(), "--out", tmp.resolve("q.onnx").toString(),
                "--with-distribution");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("input obs [batch]") && r.out().contains("q_values [batch, 4]"), r.toString());
        r = Cli.run("export", "--run-dir", run.toString(), "--format", "safetensors", "--out",
                tmp.resolve("q.safetensors").toString());
        assertUserError(r, "has 0 safetensors files");

        Path pets = train("pets", "Pendulum-v1", "--set", "ensemble-size=2", "--set", "net-arch=16,16", "--set",
                "model-epochs=1", "--set", "initial-random-steps=200", "--set", "horizon=3", "--set", "population-size=8",
                "--set", "num-elites=2", "--set", "cem-iterations=1", "--set", "particles=1");
        r = Cli.run("export", "--run-dir", pets.toString(), "--out", tmp.resolve("pets.onnx").toString());
        assertUserError(r, "cannot export the pets policy", "Model-based planners (MPC over a learned dynamics model");
        assertFalse(Files.exists(tmp.resolve("pets.onnx")));

        r = Cli.run("export", "--run-dir", tmp.resolve("missing").toString(), "--out", tmp.resolve("m.onnx").toString());
        assertUserError(r, "does not exist");
    }

    private static void assertUserError(Cli r, String... fragments) {
        assertEquals(2, r.exitCode(), r.toString());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "expected '" + f + "' in\n" + r);
        }
        assertFalse(r.err().contains("\tat dev.bellman"), "no stack trace without --debug:\n" + r);
        assertEquals(1, r.err().strip().lines().count(), "one paragraph:\n" + r);
    }
}
