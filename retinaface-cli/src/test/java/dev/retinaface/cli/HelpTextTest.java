package dev.retinaface.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command list of {@code retinaface --help}: every summary is a whole sentence. */
class HelpTextTest {

    @Test
    void everyCommandsSummaryLineStandsAlone() {
        Map<String, CommandLine> commands = Main.commandLine().getSubcommands();
        assertTrue(commands.size() >= 8, commands.keySet().toString());
        for (Map.Entry<String, CommandLine> c : commands.entrySet()) {
            // picocli lists a command by the first line of its header, else of its description
            CommandLine.Model.UsageMessageSpec usage = c.getValue().getCommandSpec().usageMessage();
            String[] summary = usage.header().length > 0 ? usage.header() : usage.description();
            assertTrue(summary.length > 0, c.getKey() + " has no description");
            assertWholeSentence(c.getKey(), summary[0]);
        }
    }

    @Test
    void theHelpListsEveryCommandWithItsWholeSummary() {
        Cli.Result r = Cli.run("--help");

        assertEquals(0, r.exitCode(), r.toString());
        Map<String, String> listed = commandList(r.out());
        assertEquals(Main.commandLine().getSubcommands().keySet(), listed.keySet(), r.out());
        listed.forEach(HelpTextTest::assertWholeSentence);
        assertTrue(listed.get("bench").startsWith("Speed benchmark"), listed.get("bench"));
        assertTrue(listed.get("landmarks").startsWith("Landmark error"), listed.get("landmarks"));
    }

    private static void assertWholeSentence(String command, String summary) {
        String text = summary.strip();
        assertTrue(text.endsWith("."), command + ": summary does not end a sentence: '" + text + "'");
        assertTrue(Character.isUpperCase(text.charAt(0)), command + ": summary does not start a sentence: '" + text + "'");
        assertEquals(count(text, '('), count(text, ')'), command + ": unbalanced parentheses in '" + text + "'");
        assertTrue(text.length() <= 100, command + ": summary longer than a line: '" + text + "'");
    }

    /** "Commands:" section of a picocli usage message: name to its summary (continuation lines joined). */
    private static Map<String, String> commandList(String usage) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>(usage.lines().toList());
        int start = lines.indexOf("Commands:");
        assertTrue(start >= 0, usage);
        String current = null;
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.isBlank()) {
                break;
            }
            if (line.startsWith("  ") && !line.startsWith("   ")) {
                String[] parts = line.strip().split("\\s+", 2);
                current = parts[0];
                out.put(current, parts.length > 1 ? parts[1] : "");
            } else if (current != null) {
                out.put(current, out.get(current) + " " + line.strip());
            }
        }
        return out;
    }

    private static long count(String s, char c) {
        return s.chars().filter(x -> x == c).count();
    }
}
