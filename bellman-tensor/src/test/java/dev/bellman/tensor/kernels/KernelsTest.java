package dev.bellman.tensor.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KernelsTest {

    private final boolean simdBefore = Kernels.simdEnabled();

    @AfterEach
    void restore() {
        Kernels.setSimdEnabled(simdBefore);
    }

    @Test
    void simdAvailable_followsWhetherTheVectorModuleIsLoaded() {
        boolean moduleLoaded = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        assertEquals(moduleLoaded, Kernels.simdAvailable());
        if (moduleLoaded) assertTrue(Kernels.vectorBits() >= 128, "vector bits " + Kernels.vectorBits());
    }

    @Test
    void setSimdEnabled_togglesAndReturnsPrevious() {
        Kernels.setSimdEnabled(true);
        assertEquals(Kernels.simdAvailable(), Kernels.simdEnabled());
        assertEquals(Kernels.simdAvailable(), Kernels.setSimdEnabled(false));
        assertFalse(Kernels.simdEnabled());
    }

    @Test
    void simdDisabled_kernelsStillWork() {
        Kernels.setSimdEnabled(false);
        float[] c = new float[4];
        Gemm.sgemm(false, true, 2, 2, 3, new float[] {1, 2, 3, 4, 5, 6}, 0, 3,
                new float[] {1, 0, 0, 0, 1, 0}, 0, 3, 0f, c, 0, 2);
        assertEquals(1f, c[0]);
        assertEquals(2f, c[1]);
        assertEquals(4f, c[2]);
        assertEquals(5f, c[3]);
        assertEquals(6f, Vec.sum(new float[] {1, 2, 3}));
    }
}
