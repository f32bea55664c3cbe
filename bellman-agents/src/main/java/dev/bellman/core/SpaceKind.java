package dev.bellman.core;

import dev.bellman.env.Box;
import dev.bellman.env.Discrete;
import dev.bellman.env.Space;

/** The kinds of Gymnasium space, as algorithms declare what they support. */
public enum SpaceKind {
    DISCRETE("Discrete"), BOX("Box"), MULTI_DISCRETE("MultiDiscrete"), MULTI_BINARY("MultiBinary"),
    TUPLE("Tuple"), DICT("Dict");

    private final String label;

    SpaceKind(String label) {
        this.label = label;
    }

    /** Gymnasium's name of the space class: "Discrete", "Box", ... */
    public String label() {
        return label;
    }

    /** The kind of {@code space}. */
    public static SpaceKind of(Space<?> space) {
        if (space instanceof Discrete) {
            return DISCRETE;
        }
        if (space instanceof Box || space instanceof dev.bellman.env.ByteBox) { // a uint8 Box is a Box, as in Gymnasium
            return BOX;
        }
        return switch (space.getClass().getSimpleName()) {
            case "MultiDiscrete" -> MULTI_DISCRETE;
            case "MultiBinary" -> MULTI_BINARY;
            case "TupleSpace", "Tuple" -> TUPLE;
            case "DictSpace", "Dict" -> DICT;
            default -> throw new IllegalArgumentException("unknown space class " + space.getClass().getName());
        };
    }
}
