package org.remotestore.azure;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** The XML bodies of the Blob service, read with the JDK's parser (no DTDs, no entities). */
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

  static Page page(byte[] body, int length) {
    Element root = parse(body, length);
    List<Item> blobs = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    Element container = child(root, "Blobs");
    if (container != null) {
      for (Node n = container.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (!(n instanceof Element e)) {
          continue;
        }
        if (e.getTagName().equals("BlobPrefix")) {
          prefixes.add(text(e, "Name"));
        } else if (e.getTagName().equals("Blob")) {
          Element p = child(e, "Properties");
          String size = p == null ? null : text(p, "Content-Length");
          blobs.add(
              new Item(
                  text(e, "Name"),
                  size == null || size.isEmpty() ? 0 : Long.parseLong(size),
                  p == null ? null : date(text(p, "Last-Modified")),
                  p == null ? null : date(text(p, "Creation-Time")),
                  p == null ? null : text(p, "Etag"),
                  p == null ? null : md5Hex(text(p, "Content-MD5"))));
        }
      }
    }
    String marker = text(root, "NextMarker");
    return new Page(blobs, prefixes, marker == null || marker.isEmpty() ? null : marker);
  }

  static Blocks blocks(byte[] body, int length) {
    Element root = parse(body, length);
    return new Blocks(
        blockList(child(root, "CommittedBlocks")), blockList(child(root, "UncommittedBlocks")));
  }

  /** The body of Put Block List: every id as {@code Latest}. */
  static byte[] blockListBody(List<String> ids) {
    StringBuilder s = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>");
    for (String id : ids) {
      s.append("<Latest>").append(id).append("</Latest>"); // Base64: no XML escaping needed
    }
    return s.append("</BlockList>").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
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

  /** An RFC 1123 date, or {@code null}. */
  static Instant date(String rfc1123) {
    return rfc1123 == null || rfc1123.isEmpty()
        ? null
        : ZonedDateTime.parse(rfc1123, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
  }

  private static List<Block> blockList(Element list) {
    List<Block> out = new ArrayList<>();
    if (list == null) {
      return out;
    }
    for (Node n = list.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals("Block")) {
        out.add(new Block(text(e, "Name"), Long.parseLong(text(e, "Size"))));
      }
    }
    return out;
  }

  private static Element child(Element parent, String tag) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(tag)) {
        return e;
      }
    }
    return null;
  }

  private static String text(Element parent, String tag) {
    Element e = child(parent, tag);
    return e == null ? null : e.getTextContent();
  }

  private static Element parse(byte[] body, int length) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setExpandEntityReferences(false);
      f.setNamespaceAware(false);
      DocumentBuilder b = f.newDocumentBuilder();
      Document d = b.parse(new ByteArrayInputStream(body, 0, length));
      return d.getDocumentElement();
    } catch (ParserConfigurationException | SAXException e) {
      throw new UncheckedIOException(
          new IOException("Malformed XML answer of the Blob service: " + e.getMessage()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
