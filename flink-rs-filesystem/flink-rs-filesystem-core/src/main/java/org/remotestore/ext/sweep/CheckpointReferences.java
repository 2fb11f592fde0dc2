package org.remotestore.ext.sweep;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.remotestore.FileInfo;
import org.remotestore.NotFound;
import org.remotestore.Store;
import org.remotestore.StorePaths;

/**
 * The completed checkpoints below a Flink checkpoint directory, and which leftover ids their files
 * still mention.
 *
 * <p>A directory that holds a {@code _metadata} file is itself a completed checkpoint (or
 * savepoint). Otherwise every {@code chk-<n>} folder with a {@code _metadata} file below it (Flink
 * writes {@code <dir>/<job-id>/chk-<n>}) is a completed checkpoint, and the one with the highest
 * {@code n} of each job is that job's latest. Its files are {@code _metadata} (which holds small
 * state inline) and every file below {@code chk-<n>} (the operator state files), including the
 * folder that entropy injection puts them in.
 *
 * <p>An id counts as referenced when its UTF-8 bytes (or its modified UTF-8 bytes, as {@code
 * DataOutput.writeUTF} writes them, when they differ) occur in any of those files. The rs://
 * recoverable serializers and every backend's state encoder write keys, upload ids and staging
 * names with {@code writeUTF}, so the check cannot miss a live upload; it may keep a leftover whose
 * id only happens to occur in other bytes, which is the safe side.
 */
final class CheckpointReferences {
  private static final Pattern CHK = Pattern.compile("chk-(\\d+)");
  private static final String METADATA = "_metadata";
  private static final int CHUNK = 1 << 20;

  private CheckpointReferences() {}

  /**
   * The latest completed checkpoint of each job below {@code dir}, each as the folders that hold
   * its files, or {@code dir} itself when it is a completed checkpoint or savepoint.
   *
   * <p>A checkpoint {@code <job>/chk-<n>} may be spread over several folders: with entropy
   * injection Flink writes {@code _metadata} to {@code <dir>/<job>/chk-<n>} and the state files to
   * {@code <dir>/<entropy>/<job>/chk-<n>}. Every {@code chk-<n>} folder up to three levels below
   * {@code dir} belongs to the checkpoint named by its parent folder's name and {@code n}; a
   * checkpoint is completed when one of its folders holds {@code _metadata}.
   *
   * @throws NotFound when {@code dir} does not exist in {@code store}
   */
  static List<List<String>> latestCompleted(Store store, String dir) throws IOException {
    String base = StorePaths.normalize(dir, store.backendName());
    if (store.isFile(StorePaths.join(base, METADATA))) {
      return List.of(List.of(base));
    }
    if (!store.isFolder(base)) {
      throw new NotFound(
          "Checkpoint directory '"
              + dir
              + "' does not exist in store '"
              + store.name()
              + "': nothing to read the live uploads from",
          store.backendName(),
          dir);
    }
    // job name -> n -> folders of chk-<n>; and the completed (job, n)
    Map<String, TreeMap<Long, List<String>>> byJob = new TreeMap<>();
    Map<String, TreeMap<Long, String>> completed = new TreeMap<>();
    for (String folder : store.listFolders(base, 3)) {
      Matcher m = CHK.matcher(StorePaths.fileName(folder));
      if (!m.matches()) {
        continue;
      }
      String job = StorePaths.fileName(StorePaths.parent(folder));
      long n = Long.parseLong(m.group(1));
      byJob
          .computeIfAbsent(job, j -> new TreeMap<>())
          .computeIfAbsent(n, k -> new ArrayList<>())
          .add(folder);
      if (store.isFile(StorePaths.join(folder, METADATA))) {
        completed.computeIfAbsent(job, j -> new TreeMap<>()).put(n, folder);
      }
    }
    List<List<String>> latest = new ArrayList<>();
    completed.forEach(
        (job, ns) -> {
          // the folder with _metadata first: it names the checkpoint
          String metadataFolder = ns.lastEntry().getValue();
          List<String> folders = new ArrayList<>(List.of(metadataFolder));
          byJob.get(job).get(ns.lastKey()).stream()
              .filter(f -> !f.equals(metadataFolder))
              .forEach(folders::add);
          latest.add(folders);
        });
    return latest;
  }

  /**
   * Which of {@code ids} occur in the files of the given completed checkpoints.
   *
   * @param checkpoints each checkpoint as the folders holding its files
   * @return for each referenced id, the folder of the first checkpoint found to mention it
   */
  static Map<String, String> referenced(
      Store store, List<List<String>> checkpoints, Collection<String> ids) throws IOException {
    Map<String, byte[][]> patterns = new LinkedHashMap<>();
    for (String id : ids) {
      patterns.put(id, encodings(id));
    }
    Map<String, String> found = new LinkedHashMap<>();
    for (List<String> checkpoint : checkpoints) {
      for (String folder : checkpoint) {
        for (FileInfo file : store.listFiles(folder, true)) {
          if (patterns.isEmpty()) {
            return found;
          }
          for (String id : scan(store, file.path(), patterns)) {
            patterns.remove(id);
            found.put(id, checkpoint.get(0));
          }
        }
      }
    }
    return found;
  }

  /** The ids whose patterns occur in one file, read in chunks that overlap by a pattern length. */
  private static List<String> scan(Store store, String path, Map<String, byte[][]> patterns)
      throws IOException {
    int longest = 1;
    for (byte[][] p : patterns.values()) {
      for (byte[] bytes : p) {
        longest = Math.max(longest, bytes.length);
      }
    }
    List<String> hits = new ArrayList<>();
    Map<String, byte[][]> open = new LinkedHashMap<>(patterns);
    byte[] buffer = new byte[CHUNK + longest];
    int kept = 0;
    try (InputStream in = store.read(path)) {
      while (!open.isEmpty()) {
        int read = in.readNBytes(buffer, kept, CHUNK);
        int length = kept + read;
        for (var it = open.entrySet().iterator(); it.hasNext(); ) {
          var entry = it.next();
          for (byte[] pattern : entry.getValue()) {
            if (indexOf(buffer, length, pattern) >= 0) {
              hits.add(entry.getKey());
              it.remove();
              break;
            }
          }
        }
        if (read < CHUNK) {
          break;
        }
        kept = Math.min(longest - 1, length);
        System.arraycopy(buffer, length - kept, buffer, 0, kept);
      }
    }
    return hits;
  }

  /** The UTF-8 bytes of {@code id}, and its modified UTF-8 bytes when they differ. */
  static byte[][] encodings(String id) {
    byte[] utf8 = id.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(id);
    } catch (IOException e) {
      return new byte[][] {utf8}; // longer than writeUTF allows: no state can hold it that way
    }
    byte[] modified = Arrays.copyOfRange(bytes.toByteArray(), 2, bytes.size());
    return Arrays.equals(utf8, modified) ? new byte[][] {utf8} : new byte[][] {utf8, modified};
  }

  static int indexOf(byte[] data, int length, byte[] pattern) {
    if (pattern.length == 0) {
      return 0;
    }
    outer:
    for (int i = 0; i <= length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
