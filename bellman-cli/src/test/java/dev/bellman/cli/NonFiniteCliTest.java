package dev.bellman.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.nn.SafeTensors;
import dev.bellman.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that diverges ends with exit 1 and one paragraph naming the algorithm, step and quantity, keeps its
 * checkpoints and metrics, and saves no model; {@code eval} and {@code play} refuse a model with non-finite weights.
 */
class NonFiniteCliTest {
    @TempDir
    Path tmp;

    @Test
    void train_dqnWithLearningRate1e30_exits1NamingTheCause_keepsCheckpoint_savesNoModel() throws Exception {
        Path dir = tmp.resolve("run");
        Cli r = Cli.run("train", "--algo", "dqn", "--env", "CartPole-v1", "--set", "learning-rate=1e30",
                "--set", "learning-starts=100", "--total-timesteps", "3000", "--checkpoint-frequency", "50",
                "--eval-episodes", "5", "--no-plot", "--run-dir", dir.toString());
        assertEquals(1, r.exitCode(), r.toString());
        String last = r.err().strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.matches("bellman train: dqn: td_loss became (NaN|\\+infinity) at step \\d+ \\(learning-rate 1e30"
                + " too high\\?\\)\\. Training stopped and no model was saved; .*"), last);
        assertTrue(last.contains("The last good checkpoint, "), last);
        assertFalse(r.err().contains("java.lang") || r.err().contains("failed:") || r.err().contains("\tat "),
                "no exception class or trace without --debug:\n" + r);
        assertFalse(Files.exists(dir.resolve(RunDir.MODEL)), "no final model");
        assertFalse(Files.exists(dir.resolve(RunDir.SUMMARY)), "not a finished run");
        assertTrue(Files.isRegularFile(dir.resolve(RunDir.METRICS)));
        try (Stream<Path> s = Files.list(dir.resolve(RunDir.CHECKPOINTS))) {
            assertTrue(s.anyMatch(p -> p.getFileName().toString().startsWith("step-")), "the last good checkpoint is kept");
        }
    }

    @Test
    void evalAndPlay_modelWithNaNWeight_refusedNamingFileAndTensor() throws Exception {
        Path dir = tmp.resolve("run");
        Cli trained = Cli.run("train", "--algo", "dqn", "--env", "CartPole-v1", "--set", "learning-starts=100",
                "--total-timesteps", "300", "--eval-episodes", "1", "--no-plot", "--run-dir", dir.toString());
        assertEquals(0, trained.exitCode(), trained.toString());
        Path file = dir.resolve(RunDir.MODEL).resolve("q_network.safetensors");
        SafeTensors.Contents c = SafeTensors.read(file);
        Map<String, Tensor> tensors = new LinkedHashMap<>(c.tensors());
        String name = tensors.keySet().iterator().next();
        Tensor t = tensors.get(name);
        float[] data = t.toArray();
        data[1] = Float.NaN;
        tensors.put(name, Tensor.of(data, t.shape()));
        SafeTensors.save(file, tensors, c.metadata());
        // a consistent NaN model, as one saved before model manifests had checksums: drop them, so that the checksum
        // check (ModelDir) lets it through and the finiteness check is what refuses it
        Path manifest = dir.resolve(RunDir.MODEL).resolve(RunDir.MANIFEST);
        var m = (com.fasterxml.jackson.databind.node.ObjectNode) Files2.JSON.readTree(manifest.toFile());
        assertNotNull(m.remove("files"), "train records the model files' checksums");
        Files2.JSON.writeValue(manifest.toFile(), m);

        for (String[] cmd : new String[][] {{"eval", "--run-dir", dir.toString(), "--episodes", "2"},
            {"play", "--run-dir", dir.toString(), "--episodes", "1"}}) {
            Cli r = Cli.run(cmd);
            assertEquals(2, r.exitCode(), r.toString());
            assertTrue(r.err().contains("has non-finite weights: tensor '" + name + "' in q_network.safetensors holds NaN"),
                    r.toString());
            assertFalse(r.out().contains("mean return"), "no returns of a meaningless model:\n" + r);
            assertFalse(r.err().contains("\tat "), r.toString());
        }
    }
}
