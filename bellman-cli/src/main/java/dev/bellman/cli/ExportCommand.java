package dev.bellman.cli;

import dev.bellman.onnx.OnnxExport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import onnx.Onnx.ModelProto;
import onnx.Onnx.ValueInfoProto;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bellman export}: writes a run's trained policy as one file, an ONNX model (opset 17, observation
 * preprocessing folded in; see {@link OnnxExport}) or the policy's safetensors file as training saved it. The model
 * is checked as {@code eval} checks it (manifest checksums, finite weights, loadable) before anything is written.
 */
@Command(name = "export", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Export the trained policy of a run as ONNX or safetensors.",
        footer = {"", "Examples:",
                "  bellman export --run-dir runs/ppo-CartPole-v1-s1 --format onnx --out cartpole.onnx --with-value",
                "  bellman export --run-dir runs/sac-Pendulum-v1-s1 --format safetensors --out actor.safetensors"})
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--run-dir", required = true, paramLabel = "DIR", description = "A directory written by 'bellman train'.")
    Path runDir;

    @Option(names = "--format", defaultValue = "onnx", paramLabel = "FORMAT",
            description = "onnx or safetensors (default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The file to write (replaced if it exists).")
    Path out;

    @Option(names = "--with-value", description = "ONNX: add the value head as output 'value' where the policy has one.")
    boolean withValue;

    @Option(names = "--with-distribution",
            description = "ONNX: add the action distribution's parameters ('logits', 'mean' and 'log_std', 'q_values').")
    boolean withDistribution;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        if (!format.equals("onnx") && !format.equals("safetensors")) {
            throw new UserError("--format must be onnx or safetensors but was '" + format + "'.");
        }
        if (format.equals("safetensors") && (withValue || withDistribution)) {
            throw new UserError("--with-value and --with-distribution apply to --format onnx only; the safetensors file"
                    + " holds every tensor the policy saved.");
        }
        Path parent = out.toAbsolutePath().getParent();
        if (Files.isDirectory(out) || (parent != null && Files.exists(parent) && !Files.isDirectory(parent))) {
            throw new UserError("--out must name a file in an existing or creatable directory but was " + out + ".");
        }
        EvalCommand.Loaded loaded = EvalCommand.load(runDir); // verifies checksums, finite weights, loadability
        EvalCommand.noteIfStopped(spec.commandLine().getErr(), "export", loaded, runDir);
        Path modelDir = runDir.resolve(RunDir.MODEL);
        if (format.equals("safetensors")) {
            Path file = singleSafetensors(modelDir, loaded.algo());
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, out.getFileName().toString(), ".tmp");
            try {
                Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            o.println("wrote " + out + " (" + file.getFileName() + " of " + loaded.algo() + " on " + loaded.envId() + ")");
            return 0;
        }
        ModelProto model;
        try {
            model = OnnxExport.export(modelDir, new OnnxExport.Options(withValue, withDistribution));
        } catch (IllegalArgumentException e) {
            throw new UserError("cannot export the " + loaded.algo() + " policy of " + runDir + " to ONNX: "
                    + e.getMessage(), e);
        }
        OnnxExport.write(model, out);
        o.println("wrote " + out + " (ONNX, opset " + model.getOpsetImport(0).getVersion() + ", " + loaded.algo()
                + " on " + loaded.envId() + "): input " + describe(model.getGraph().getInputList()) + "; outputs "
                + describe(model.getGraph().getOutputList()));
        return 0;
    }

    private static Path singleSafetensors(Path modelDir, String algo) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(modelDir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().toList();
        }
        if (files.size() != 1) {
            throw new UserError("the " + algo + " model in " + modelDir + " has " + files.size()
                    + " safetensors files " + files.stream().map(p -> p.getFileName().toString()).toList()
                    + ", but --format safetensors exports exactly one" + (files.isEmpty()
                    ? " (tabular and other non-network policies have none; copy the model directory instead)." : "."));
        }
        return files.get(0);
    }

    private static String describe(List<ValueInfoProto> values) {
        StringBuilder sb = new StringBuilder();
        for (ValueInfoProto v : values) {
            sb.append(sb.isEmpty() ? "" : ", ").append(v.getName()).append(" [");
            var dims = v.getType().getTensorType().getShape().getDimList();
            for (int i = 0; i < dims.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(dims.get(i).hasDimParam() ? dims.get(i).getDimParam()
                        : Long.toString(dims.get(i).getDimValue()));
            }
            sb.append(']');
        }
        return sb.toString();
    }
}
