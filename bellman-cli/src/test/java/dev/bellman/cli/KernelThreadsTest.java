package dev.bellman.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bellman.tensor.kernels.Kernels;
import org.junit.jupiter.api.Test;

class KernelThreadsTest {

    @Test
    void default_isTheCores_cappedAt4() {
        assertEquals(1, KernelThreads.defaultCount(1));
        assertEquals(2, KernelThreads.defaultCount(2));
        assertEquals(4, KernelThreads.defaultCount(4));
        assertEquals(4, KernelThreads.defaultCount(64));
        assertEquals(1, KernelThreads.defaultCount(0));
    }

    @Test
    void applyDefault_setsTheDefault_unlessThePropertyIsGiven() {
        int before = Kernels.threads();
        String property = System.getProperty("bellman.threads");
        try {
            System.clearProperty("bellman.threads");
            Kernels.setThreads(7);
            assertEquals(KernelThreads.defaultCount(Runtime.getRuntime().availableProcessors()), KernelThreads.applyDefault());
            System.setProperty("bellman.threads", "3");
            Kernels.setThreads(3);
            assertEquals(3, KernelThreads.applyDefault());
        } finally {
            if (property == null) System.clearProperty("bellman.threads");
            else System.setProperty("bellman.threads", property);
            Kernels.setThreads(before);
        }
    }
}
