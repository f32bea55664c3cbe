package dev.bellman.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HyperparameterTest {
    private final Hyperparameter lr = Hyperparameter.ofDouble("learning-rate", 2.5e-4, "step size").positive();
    private final Hyperparameter steps = Hyperparameter.ofInt("num-steps", 128, "rollout length").atLeast(1);
    private final Hyperparameter anneal = Hyperparameter.ofBoolean("anneal-lr", true, "linear decay");
    private final Hyperparameter loss = Hyperparameter.ofString("loss", "huber", "TD loss", "huber", "mse");

    @Test
    void parse_convertsStringsAndYamlScalarsToTheType() {
        assertEquals(0.001, lr.parse("1e-3"));
        assertEquals(0.5, lr.parse(0.5));
        assertEquals(3.0, lr.parse(3));
        assertEquals(256, steps.parse("256"));
        assertEquals(1000, steps.parse("1e3"));
        assertEquals(64, steps.parse(64.0));
        assertEquals(false, anneal.parse("false"));
        assertEquals(true, anneal.parse(Boolean.TRUE));
        assertEquals("mse", loss.parse("mse"));
        assertEquals(1_000_000L, Hyperparameter.ofLong("buffer-size", 10, "d").parse("1_000_000"));
    }

    @Test
    void parse_wrongType_namesValueAndExpectedType() {
        var e = assertThrows(InvalidHyperparameterException.class, () -> steps.parse("12.5"));
        assertEquals("hyperparameter num-steps must be an integer >= 1 but was '12.5'", e.getMessage());
        assertEquals("num-steps", e.name());
        e = assertThrows(InvalidHyperparameterException.class, () -> anneal.parse("maybe"));
        assertEquals("hyperparameter anneal-lr must be true or false but was 'maybe'", e.getMessage());
        e = assertThrows(InvalidHyperparameterException.class, () -> lr.parse("fast"));
        assertEquals("hyperparameter learning-rate must be a number > 0 but was 'fast'", e.getMessage());
    }

    @Test
    void parse_outOfRange_namesTheRange() {
        var e = assertThrows(InvalidHyperparameterException.class, () -> lr.parse("0"));
        assertTrue(e.getMessage().contains("a number > 0 but was '0'"), e.getMessage());
        Hyperparameter gamma = Hyperparameter.ofDouble("gamma", 0.99, "discount").between(0, 1);
        e = assertThrows(InvalidHyperparameterException.class, () -> gamma.parse(1.5));
        assertEquals("hyperparameter gamma must be a number in [0, 1] but was '1.5'", e.getMessage());
        e = assertThrows(InvalidHyperparameterException.class, () -> loss.parse("l1"));
        assertEquals("hyperparameter loss must be a string, one of huber, mse but was 'l1'", e.getMessage());
        assertThrows(InvalidHyperparameterException.class, () -> steps.parse(String.valueOf(Long.MAX_VALUE)));
    }

    @Test
    void construct_badNameOrDefault_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> Hyperparameter.ofDouble("learningRate", 1, "camel case"));
        assertThrows(IllegalArgumentException.class, () -> Hyperparameter.ofDouble("learning_rate", 1, "snake case"));
        assertThrows(InvalidHyperparameterException.class, () -> Hyperparameter.ofDouble("gamma", 2, "d").between(0, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new Hyperparameter("n", Hyperparameter.Type.INT, 1L, "long default for an int", null, List.of()));
    }

    @Test
    void resolve_fillsDefaultsAndRejectsUnknownNames() {
        List<Hyperparameter> declared = List.of(lr, steps, anneal);
        Hyperparameters hp = Hyperparameters.resolve("ppo", declared, Map.of("num-steps", "64"));
        assertEquals(List.of("learning-rate", "num-steps", "anneal-lr"), List.copyOf(hp.values().keySet()));
        assertEquals(64, hp.getInt("num-steps"));
        assertEquals(2.5e-4, hp.getDouble("learning-rate"));
        assertTrue(hp.getBoolean("anneal-lr"));
        var e = assertThrows(UnknownHyperparameterException.class,
                () -> Hyperparameters.resolve("ppo", declared, Map.of("num-step", 3)));
        assertEquals("unknown hyperparameter 'num-step' for ppo. Did you mean 'num-steps'? Valid hyperparameters:"
                + " learning-rate, num-steps, anneal-lr.", e.getMessage());
    }

    @Test
    void suggest_findsPlausibleTyposOnly() {
        List<String> ids = List.of("q-learning", "sarsa", "expected-sarsa", "value-iteration", "policy-iteration");
        assertEquals("q-learning", Suggest.closest("qlearning", ids).orElseThrow());
        assertEquals("sarsa", Suggest.closest("SARSA", ids).orElseThrow());
        assertEquals("value-iteration", Suggest.closest("value-iter", ids).orElseThrow());
        assertTrue(Suggest.closest("dqn", ids).isEmpty());
    }
}
