package dev.retinaface.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code retinaface serve}'s limits that follow from the JVM: the memory budget fits the heap limit. */
class ServeCommandTest {

    @Test
    void theDefaultMemoryBudgetIsSixtyPercentOfTheHeapCappedAtOneGibibyte() {
        assertEquals(307, ServeCommand.defaultBudgetMb(512L << 20)); // -Xmx512m
        assertEquals(1024, ServeCommand.defaultBudgetMb(6L << 30));
        assertEquals(64, ServeCommand.defaultBudgetMb(64L << 20)); // never below 64 MB
    }

    @Test
    void anExplicitBudgetWins() {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--memory-budget-mb", "200");
        assertEquals(200, serve.budgetMb());
        ServeCommand defaults = new ServeCommand();
        new CommandLine(defaults).parseArgs();
        assertEquals(ServeCommand.defaultBudgetMb(Runtime.getRuntime().maxMemory()), defaults.budgetMb());
    }
}
