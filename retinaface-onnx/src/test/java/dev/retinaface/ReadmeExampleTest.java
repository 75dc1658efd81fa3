package dev.retinaface;

import dev.retinaface.core.testsupport.SharedData;
import dev.retinaface.model.registry.WeightsResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The first {@code ```java} block of the README is a complete program: it compiles against the project's
 * classes and, run on the selfie, prints faces. Keeps the documentation honest when the API changes.
 */
class ReadmeExampleTest {

    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\R(.*?)```", Pattern.DOTALL);
    private static final Pattern CLASS_NAME = Pattern.compile("public\\s+(?:final\\s+)?class\\s+(\\w+)");
    private static final Pattern FACE_LINE = Pattern.compile("(?m)^\\d\\.\\d{3} \\S.*$");

    @TempDir
    Path tmp;

    @Test
    void firstJavaExampleCompilesRunsAndPrintsFaces() throws Exception {
        String source = firstJavaBlock(readme());
        Matcher name = CLASS_NAME.matcher(source);
        assertTrue(name.find(), "the README example declares a public class");
        String className = name.group(1);
        Path classes = compile(className, source);

        Path selfie = SharedData.resolve("images/selfie.png");
        String weightsDir = SharedData.resolve("weights").toString();
        String printed = runMain(classes, className, weightsDir, selfie.toString());

        long faces = FACE_LINE.matcher(printed).results().count();
        assertTrue(faces >= 5, "the example prints a line per face; got:\n" + printed);
    }

    private static String readme() throws Exception {
        // tests run in the module folder; the README is at the repository root
        for (Path candidate : List.of(Path.of("README.md"), Path.of("..", "README.md"))) {
            if (Files.isRegularFile(candidate) && Files.readString(candidate).contains("```java")) {
                return Files.readString(candidate);
            }
        }
        return fail("no README.md with a ```java block at the repository root");
    }

    private static String firstJavaBlock(String readme) {
        Matcher m = JAVA_BLOCK.matcher(readme);
        assertTrue(m.find(), "README has a ```java block");
        return m.group(1);
    }

    private Path compile(String className, String source) throws Exception {
        Path src = tmp.resolve("src/" + className + ".java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        Path out = Files.createDirectories(tmp.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "tests need a JDK (javax.tools compiler)");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            boolean ok = javac.getTask(null, files, diagnostics,
                    List.of("-classpath", testClassPath(), "-d", out.toString(), "-proc:none"), null,
                    files.getJavaFileObjects(src)).call();
            assertTrue(ok, "the README example does not compile:\n" + diagnostics.getDiagnostics());
        }
        return out;
    }

    /** Surefire may hide the real class path behind a manifest-only jar; it publishes the real one too. */
    private static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    /** Runs {@code main} in this JVM with the weights folder as a system property, returning what it printed. */
    private static String runMain(Path classes, String className, String weightsDir, String... args) throws Exception {
        String previous = System.getProperty(WeightsResolver.WEIGHTS_DIR_PROPERTY);
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                ReadmeExampleTest.class.getClassLoader())) {
            Method main = loader.loadClass(className).getMethod("main", String[].class);
            System.setProperty(WeightsResolver.WEIGHTS_DIR_PROPERTY, weightsDir);
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) args);
        } finally {
            System.setOut(stdout);
            if (previous == null) {
                System.clearProperty(WeightsResolver.WEIGHTS_DIR_PROPERTY);
            } else {
                System.setProperty(WeightsResolver.WEIGHTS_DIR_PROPERTY, previous);
            }
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
