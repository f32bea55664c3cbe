import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * {@code Drive mode iters rounds threads jarA jarB} (run by {@code tools/bench/ab_jars.sh}): loads the harness once per
 * jar, each in its own class loader, runs them alternately (A B A B …) in this JVM, and prints per jar the main
 * thread's CPU µs per iteration (min and median over the rounds), the process CPU (all threads; coarse) and the wall µs.
 */
public class Drive {
    public static void main(String[] a) throws Exception {
        String mode = a[0]; int iters = Integer.parseInt(a[1]), rounds = Integer.parseInt(a[2]), threads = Integer.parseInt(a[3]);
        Runnable[] h = new Runnable[2];
        for (int v = 0; v < 2; v++) {
            URLClassLoader l = new URLClassLoader(new URL[]{Path.of(a[4 + v]).toUri().toURL(), Path.of("hcls").toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
            h[v] = (Runnable) l.loadClass(mode.startsWith("ppo") ? "dev.bellman.algorithms.ppo.PpoHarness" : mode.equals("sacstep") ? "dev.bellman.algorithms.offpolicy.SacHarness" : "dev.bellman.algorithms.dqn.Harness").getConstructor(String.class, int.class, int.class)
                    .newInstance(mode, iters, threads);
        }
        var bean = ManagementFactory.getThreadMXBean();
        double[][] pcpu = new double[2][rounds], cpu = new double[2][rounds], wall = new double[2][rounds];
        for (int r = 0; r < rounds; r++) for (int v = 0; v < 2; v++) {
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long c0 = bean.getCurrentThreadCpuTime(), p0 = os.getProcessCpuTime(), w0 = System.nanoTime();
            h[v].run();
            cpu[v][r] = (bean.getCurrentThreadCpuTime() - c0) / 1e3 / iters; pcpu[v][r] = (os.getProcessCpuTime() - p0) / 1e3 / iters; wall[v][r] = (System.nanoTime() - w0) / 1e3 / iters;
        }
        for (int v = 0; v < 2; v++) {
            double[] pc = pcpu[v].clone(); java.util.Arrays.sort(pc); double pcs = 0; for (double x : pc) pcs += x;
            double[] c = cpu[v].clone(), w = wall[v].clone(); java.util.Arrays.sort(c); java.util.Arrays.sort(w);
            System.out.printf("%s %s T%d: main-thread CPU µs/iter min %.1f median %.1f | process CPU mean %.1f | wall min %.1f median %.1f%n",
                    mode, Path.of(a[4 + v]).getFileName(), threads, c[0], c[rounds / 2], pcs / rounds, w[0], w[rounds / 2]);
        }
    }
}
