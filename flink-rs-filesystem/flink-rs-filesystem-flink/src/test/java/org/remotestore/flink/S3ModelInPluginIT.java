package org.remotestore.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The plugin jar keeps only part of the AWS S3 model (see the shade filter in the pom): this test
 * finds every {@link S3Client} operation that the s3 backend's classes in the jar call, and checks
 * that the jar holds each operation's request, response and marshaller and, transitively, every
 * model class that they, the exceptions and the backend refer to.
 */
class S3ModelInPluginIT {
  private static final String MODEL = "software/amazon/awssdk/services/s3/model/";
  private static final Pattern MODEL_REF =
      Pattern.compile(Pattern.quote(MODEL) + "[A-Za-z0-9_$]++(?!/)");

  @Test
  void everyModelClassTheS3BackendCanReachIsInThePluginJar() throws IOException {
    try (JarFile jar = new JarFile(PluginInstallation.builtJar().toFile())) {
      Set<String> operations = new TreeSet<>();
      Deque<String> pending = new ArrayDeque<>();
      for (ZipEntry entry : Collections.list(jar.entries())) {
        String name = entry.getName();
        if (name.startsWith("org/remotestore/s3/") && name.endsWith(".class")) {
          String bytes = read(jar, name);
          for (Method method : S3Client.class.getMethods()) {
            String op = operation(method.getName());
            if (utf8Constant(bytes, method.getName()) && modelClassExists(op + "Request")) {
              operations.add(op);
            }
          }
          modelRefs(bytes, pending);
        } else if (name.startsWith(MODEL) && name.endsWith("Exception.class")) {
          pending.add(name.substring(0, name.length() - ".class".length()));
        }
      }
      assertThat(operations).contains("GetObject", "PutObject", "ListObjectsV2", "UploadPart");
      for (String op : operations) {
        pending.add(MODEL + op + "Request$BuilderImpl");
        pending.add(MODEL + op + "Response$BuilderImpl");
        pending.add("software/amazon/awssdk/services/s3/transform/" + op + "RequestMarshaller");
      }
      Set<String> seen = new TreeSet<>();
      Set<String> missing = new TreeSet<>();
      while (!pending.isEmpty()) {
        String type = pending.pop();
        if (!seen.add(type)) {
          continue;
        }
        String entry = type + ".class";
        if (jar.getEntry(entry) == null) {
          missing.add(type);
        } else {
          modelRefs(read(jar, entry), pending);
        }
      }
      System.out.printf(
          "S3 operations called by the s3 backend: %s; model classes reached: %d%n",
          operations, seen.size());
      assertThat(missing)
          .as("model classes reachable from the s3 backend's operations %s", operations)
          .isEmpty();
    }
  }

  private static String operation(String method) {
    return Character.toUpperCase(method.charAt(0)) + method.substring(1);
  }

  private static boolean modelClassExists(String simpleName) {
    return S3Client.class.getClassLoader().getResource(MODEL + simpleName + ".class") != null;
  }

  /** Whether the class file (as ISO-8859-1 text) holds {@code name} as a whole Utf8 constant. */
  private static boolean utf8Constant(String classFile, String name) {
    String constant = "\u0001" + (char) (name.length() >> 8) + (char) (name.length() & 0xff) + name;
    return classFile.contains(constant);
  }

  private static void modelRefs(String classFile, Deque<String> into) {
    Matcher m = MODEL_REF.matcher(classFile);
    while (m.find()) {
      into.add(m.group());
    }
  }

  private static String read(JarFile jar, String entry) throws IOException {
    try (InputStream in = jar.getInputStream(jar.getEntry(entry))) {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
