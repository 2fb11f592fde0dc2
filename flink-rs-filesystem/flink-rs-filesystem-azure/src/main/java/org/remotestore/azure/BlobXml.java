package org.remotestore.azure;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The XML bodies of the Blob service, read in one streaming pass with the JDK's own StAX parser (no
 * DTDs, no external entities) and without building a document tree: a listing page of 5 000 blobs
 * is read once, element by element, keeping only the fields a file status needs.
 */
final class BlobXml {
  private BlobXml() {}

  /** One blob of a listing. */
  record Item(
      String name, long size, Instant lastModified, Instant created, String etag, String md5) {}

  /**
   * One page of a listing: blobs, folder prefixes (ending in the delimiter) and the next marker.
   */
  record Page(List<Item> blobs, List<String> prefixes, String nextMarker) {}

  /** One block of a block list. */
  record Block(String name, long size) {}

  /** A block list: committed and uncommitted blocks. */
  record Blocks(List<Block> committed, List<Block> uncommitted) {}

  /**
   * One page of List Blobs. Reads {@code EnumerationResults/Blobs/Blob} (its {@code Name} and the
   * {@code Properties} a file status needs), {@code Blobs/BlobPrefix/Name} and {@code NextMarker};
   * every other element (metadata, tags, echoed parameters) is skipped unread. A {@code Name}
   * marked {@code Encoded="true"} (names with characters XML cannot carry) is percent-decoded.
   */
  static Page page(byte[] body, int length) {
    return read(
        "List Blobs",
        body,
        length,
        x -> {
          List<Item> blobs = new ArrayList<>();
          List<String> prefixes = new ArrayList<>();
          String marker = null;
          while (nextChild(x)) {
            switch (x.getLocalName()) {
              case "Blobs" -> {
                while (nextChild(x)) {
                  switch (x.getLocalName()) {
                    case "Blob" -> blobs.add(blob(x));
                    case "BlobPrefix" -> prefixes.add(prefix(x));
                    default -> skip(x);
                  }
                }
              }
              case "NextMarker" -> marker = x.getElementText();
              default -> skip(x);
            }
          }
          return new Page(blobs, prefixes, marker == null || marker.isEmpty() ? null : marker);
        });
  }

  /** A Get Block List answer: its committed and uncommitted blocks, in order. */
  static Blocks blocks(byte[] body, int length) {
    return read(
        "Get Block List",
        body,
        length,
        x -> {
          List<Block> committed = new ArrayList<>();
          List<Block> uncommitted = new ArrayList<>();
          while (nextChild(x)) {
            switch (x.getLocalName()) {
              case "CommittedBlocks" -> blockList(x, committed);
              case "UncommittedBlocks" -> blockList(x, uncommitted);
              default -> skip(x);
            }
          }
          return new Blocks(committed, uncommitted);
        });
  }

  /** Reads the children of an answer's root element into a value. */
  @FunctionalInterface
  private interface RootReader<T> {
    T read(XMLStreamReader x) throws XMLStreamException;
  }

  /**
   * Reads one answer: moves to its root element, lets {@code root} read its children, then checks
   * what follows the root. Any failure is reported as a malformed answer of {@code answer}.
   */
  private static <T> T read(String answer, byte[] body, int length, RootReader<T> root) {
    XMLStreamReader x = open(body, length);
    try {
      enterRoot(x);
      T value = root.read(x);
      toTheEnd(x);
      return value;
    } catch (XMLStreamException | RuntimeException e) {
      throw malformed(answer, e);
    } finally {
      close(x);
    }
  }

  /** The body of Put Block List: every id as {@code Latest}. */
  static byte[] blockListBody(List<String> ids) {
    StringBuilder s = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>");
    for (String id : ids) {
      s.append("<Latest>").append(id).append("</Latest>"); // Base64: no XML escaping needed
    }
    return s.append("</BlockList>").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** {@code md5:<hex>} from the Base64 Content-MD5, or {@code null}. */
  static String md5Hex(String base64) {
    if (base64 == null || base64.isEmpty()) {
      return null;
    }
    try {
      return AzureBlobBackend.md5(Base64.getDecoder().decode(base64));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * An RFC 1123 date ({@code Tue, 03 Dec 2024 10:15:30 GMT}, the only form the Blob service sends),
   * or {@code null}. The service's fixed layout is read directly; anything else (another zone, a
   * one-digit day) goes through {@link DateTimeFormatter#RFC_1123_DATE_TIME}.
   */
  static Instant date(String rfc1123) {
    if (rfc1123 == null || rfc1123.isEmpty()) {
      return null;
    }
    Instant fast = gmtDate(rfc1123);
    return fast != null
        ? fast
        : ZonedDateTime.parse(rfc1123, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
  }

  private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

  /** Day names from 1970-01-01, a Thursday (epoch day 0). */
  private static final String DAYS_FROM_THURSDAY = "ThuFriSatSunMonTueWed";

  /** {@code EEE, dd MMM yyyy HH:mm:ss GMT} read by position, or {@code null} if not that layout. */
  private static Instant gmtDate(String s) {
    if (s.length() != 29
        || s.charAt(3) != ','
        || s.charAt(4) != ' '
        || s.charAt(7) != ' '
        || s.charAt(11) != ' '
        || s.charAt(16) != ' '
        || s.charAt(19) != ':'
        || s.charAt(22) != ':'
        || !s.endsWith(" GMT")) {
      return null;
    }
    int monthAt = MONTHS.indexOf(s.substring(8, 11));
    int day = digits(s, 5, 2);
    int year = digits(s, 12, 4);
    int hour = digits(s, 17, 2);
    int minute = digits(s, 20, 2);
    int second = digits(s, 23, 2);
    if (monthAt < 0
        || monthAt % 3 != 0
        || day < 0
        || year < 0
        || hour < 0
        || minute < 0
        || second < 0
        || hour > 23
        || minute > 59
        || second > 59) {
      return null;
    }
    try {
      long epochDay = LocalDate.of(year, monthAt / 3 + 1, day).toEpochDay();
      int dayAt = (int) Math.floorMod(epochDay, 7L) * 3;
      if (!s.regionMatches(0, DAYS_FROM_THURSDAY, dayAt, 3)) {
        return null; // a wrong day name: let the formatter report it
      }
      return Instant.ofEpochSecond(epochDay * 86_400L + hour * 3_600L + minute * 60L + second);
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static int digits(String s, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static Item blob(XMLStreamReader x) throws XMLStreamException {
    String name = null;
    long size = 0;
    Instant lastModified = null;
    Instant created = null;
    String etag = null;
    String md5 = null;
    while (nextChild(x)) {
      switch (x.getLocalName()) {
        case "Name" -> name = name(x);
        case "Properties" -> {
          while (nextChild(x)) {
            switch (x.getLocalName()) {
              case "Content-Length" -> {
                String v = x.getElementText();
                size = v.isEmpty() ? 0 : Long.parseLong(v);
              }
              case "Last-Modified" -> lastModified = date(x.getElementText());
              case "Creation-Time" -> created = date(x.getElementText());
              case "Etag" -> etag = x.getElementText();
              case "Content-MD5" -> md5 = md5Hex(x.getElementText());
              default -> skip(x);
            }
          }
        }
        default -> skip(x);
      }
    }
    return new Item(name, size, lastModified, created, etag, md5);
  }

  private static String prefix(XMLStreamReader x) throws XMLStreamException {
    String name = null;
    while (nextChild(x)) {
      if (x.getLocalName().equals("Name")) {
        name = name(x);
      } else {
        skip(x);
      }
    }
    return name;
  }

  /** The text of a {@code Name}, percent-decoded when the service marked it {@code Encoded}. */
  private static String name(XMLStreamReader x) throws XMLStreamException {
    boolean encoded = "true".equalsIgnoreCase(x.getAttributeValue(null, "Encoded"));
    String text = x.getElementText();
    return encoded ? URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8) : text;
  }

  private static void blockList(XMLStreamReader x, List<Block> out) throws XMLStreamException {
    while (nextChild(x)) {
      if (!x.getLocalName().equals("Block")) {
        skip(x);
        continue;
      }
      String name = null;
      String size = null;
      while (nextChild(x)) {
        switch (x.getLocalName()) {
          case "Name" -> name = x.getElementText();
          case "Size" -> size = x.getElementText();
          default -> skip(x);
        }
      }
      if (name == null || size == null) {
        throw new IllegalArgumentException("a Block without Name or Size");
      }
      out.add(new Block(name, Long.parseLong(size)));
    }
  }

  /** Reads what follows the root element: only comments, processing instructions and space. */
  private static void toTheEnd(XMLStreamReader x) throws XMLStreamException {
    while (x.hasNext()) {
      x.next();
    }
  }

  /** Moves to the document's root element. */
  private static void enterRoot(XMLStreamReader x) throws XMLStreamException {
    while (x.next() != XMLStreamConstants.START_ELEMENT) {
      // prolog: declaration, comments, white space
    }
  }

  /**
   * Moves to the next child element of the element whose start the reader is in (or whose last
   * child it has just left): {@code true} on the child's start, {@code false} on the parent's end.
   */
  private static boolean nextChild(XMLStreamReader x) throws XMLStreamException {
    while (true) {
      int event = x.next();
      if (event == XMLStreamConstants.START_ELEMENT) {
        return true;
      }
      if (event == XMLStreamConstants.END_ELEMENT) {
        return false;
      }
    }
  }

  /** Skips the element whose start the reader is on, with all its children. */
  private static void skip(XMLStreamReader x) throws XMLStreamException {
    int depth = 1;
    while (depth > 0) {
      int event = x.next();
      if (event == XMLStreamConstants.START_ELEMENT) {
        depth++;
      } else if (event == XMLStreamConstants.END_ELEMENT) {
        depth--;
      }
    }
  }

  /**
   * The JDK's built-in StAX implementation, never one found on the class path (a Flink plugin class
   * loader may see others), with DTDs and external entities off. A factory per answer: the JDK's
   * factory keeps per-reader state in fields, so one shared factory is not safe across threads.
   */
  private static XMLStreamReader open(byte[] body, int length) {
    XMLInputFactory f = XMLInputFactory.newDefaultFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
    f.setProperty(XMLInputFactory.IS_COALESCING, true);
    try {
      return f.createXMLStreamReader(new ByteArrayInputStream(body, 0, length));
    } catch (XMLStreamException e) {
      throw malformed("the Blob service", e);
    }
  }

  private static void close(XMLStreamReader x) {
    try {
      x.close();
    } catch (XMLStreamException ignored) {
      // a reader over a byte array holds nothing to release
    }
  }

  private static UncheckedIOException malformed(String answer, Exception cause) {
    return new UncheckedIOException(
        new IOException("Malformed XML answer of " + answer + ": " + cause.getMessage(), cause));
  }
}
