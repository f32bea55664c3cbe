package dev.bellman.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PhysicalParameterTableTest {

    /** A minimal owner whose three methods are the table's. */
    static final class Rig implements HasPhysicalParameters {
        final PhysicalParameterTable table = new PhysicalParameterTable(this, List.of(
                new PhysicalParameter("mass", 2.0, "mass (kg)", true),
                new PhysicalParameter("gravity", -9.8, "gravity (m/s^2)", false)));

        @Override
        public List<PhysicalParameter> declaredParameters() {
            return table.declared();
        }

        @Override
        public double physicalParameter(String name) {
            return table.get(name);
        }

        @Override
        public void setPhysicalParameter(String name, double value) {
            table.set(name, value);
        }
    }

    @Test
    void startsAtNominal_andSetsByNameIntoTheDeclaredPosition() {
        Rig rig = new Rig();
        assertArrayEquals(new double[] {2.0, -9.8}, rig.table.values());
        rig.setPhysicalParameter("gravity", -1.5);
        assertEquals(-1.5, rig.table.get(1));
        assertEquals(-1.5, rig.physicalParameter("gravity"));
        assertEquals(2.0, rig.physicalParameter("mass"));
    }

    @Test
    void rejectsAnUnknownNameAndANonPositiveMass_leavingTheValueUnchanged() {
        Rig rig = new Rig();
        var unknown = assertThrows(IllegalArgumentException.class, () -> rig.setPhysicalParameter("mas", 1.0));
        assertTrue(unknown.getMessage().contains("unknown physical parameter 'mas' of Rig; did you mean 'mass'?"),
                unknown.getMessage());
        var bad = assertThrows(IllegalArgumentException.class, () -> rig.setPhysicalParameter("mass", 0.0));
        assertTrue(bad.getMessage().contains("must be a positive finite number but was 0.0"), bad.getMessage());
        assertEquals(2.0, rig.physicalParameter("mass"));
    }
}
