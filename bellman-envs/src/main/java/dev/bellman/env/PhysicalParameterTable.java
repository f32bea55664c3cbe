package dev.bellman.env;

import java.util.List;

/**
 * The current values of an environment's declared physical parameters ({@link HasPhysicalParameters}), starting at
 * their nominal values: lookup by name with the interface's messages for an unknown name or a rejected value, and by
 * position (declaration order) for the env's dynamics.
 */
public final class PhysicalParameterTable {
    private final HasPhysicalParameters owner;
    private final List<PhysicalParameter> declared;
    private final double[] values;

    /**
     * @param owner    the env the parameters belong to (named in messages; its {@code declaredParameters()} must be
     *                 {@code declared})
     * @param declared the declarations, in a fixed order
     */
    public PhysicalParameterTable(HasPhysicalParameters owner, List<PhysicalParameter> declared) {
        this.owner = owner;
        this.declared = List.copyOf(declared);
        this.values = this.declared.stream().mapToDouble(PhysicalParameter::nominal).toArray();
    }

    /** The declarations, in order. */
    public List<PhysicalParameter> declared() {
        return declared;
    }

    /** The value of {@code name}; see {@link HasPhysicalParameters#physicalParameter}. */
    public double get(String name) {
        return values[declared.indexOf(HasPhysicalParameters.declaration(owner, name))];
    }

    /** Sets {@code name}, after {@link HasPhysicalParameters#check}; see {@link HasPhysicalParameters#setPhysicalParameter}. */
    public void set(String name, double value) {
        values[declared.indexOf(HasPhysicalParameters.check(owner, name, value))] = value;
    }

    /** The value of the {@code index}-th declared parameter. */
    public double get(int index) {
        return values[index];
    }

    /** All values in declaration order: the table's own array, for an env's step loop to read (not to write). */
    public double[] values() {
        return values;
    }
}
