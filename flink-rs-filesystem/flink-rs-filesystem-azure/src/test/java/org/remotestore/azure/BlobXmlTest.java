package org.remotestore.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The Blob service's XML answers as {@link BlobXml} reads them: a List Blobs page with every kind
 * of element the service may add around the fields we keep, names the service percent-encodes,
 * block lists, hostile and broken bodies, and the RFC 1123 dates of every listed blob against the
 * JDK's formatter. The Azurite suites read the same answers end to end.
 */
class BlobXmlTest {
  private static final String PAGE =
      """
      <?xml version="1.0" encoding="utf-8"?>
      <!-- a comment before the root -->
      <EnumerationResults ServiceEndpoint="http://127.0.0.1:10000/devstoreaccount1" ContainerName="c">
        <Prefix>a/</Prefix>
        <Marker>earlier</Marker>
        <MaxResults>5000</MaxResults>
        <Delimiter>/</Delimiter>
        <Blobs>
          <Blob>
            <Name>a/x &amp; y.csv</Name>
            <Properties>
              <Creation-Time>Tue, 03 Dec 2024 10:15:30 GMT</Creation-Time>
              <Last-Modified>Wed, 04 Dec 2024 23:59:59 GMT</Last-Modified>
              <Etag>0x8DD13F0C1A2B3C4</Etag>
              <Content-Length>12345</Content-Length>
              <Content-Type>text/csv</Content-Type>
              <Content-MD5>1B2M2Y8AsgTpgAmY7PhCfg==</Content-MD5>
              <BlobType>BlockBlob</BlobType>
              <LeaseStatus>unlocked</LeaseStatus>
            </Properties>
            <Metadata><Name>not the blob's name</Name><Content-Length>7</Content-Length></Metadata>
            <Tags><TagSet><Tag><Key>Name</Key><Value>v</Value></Tag></TagSet></Tags>
          </Blob>
          <BlobPrefix><Name>a/b/</Name></BlobPrefix>
          <Blob>
            <Name Encoded="true">a/%EF%BF%BF+bell%07.bin</Name>
            <Properties>
              <Content-Length></Content-Length>
              <Content-MD5 />
            </Properties>
          </Blob>
          <BlobPrefix><Name><![CDATA[a/<c>/]]></Name></BlobPrefix>
        </Blobs>
        <NextMarker>2!100!MDAwMDQ3IWEveC5jc3Y-</NextMarker>
      </EnumerationResults>
      """;

  @Test
  void aListingPageKeepsNamesSizesDatesEtagsAndDigestsAndSkipsEverythingElse() {
    BlobXml.Page page = page(PAGE);

    assertThat(page.blobs())
        .containsExactly(
            new BlobXml.Item(
                "a/x & y.csv",
                12345,
                Instant.parse("2024-12-04T23:59:59Z"),
                Instant.parse("2024-12-03T10:15:30Z"),
                "0x8DD13F0C1A2B3C4",
                "md5:d41d8cd98f00b204e9800998ecf8427e"),
            new BlobXml.Item("a/\uFFFF+bell\u0007.bin", 0, null, null, null, null));
    assertThat(page.prefixes()).containsExactly("a/b/", "a/<c>/");
    assertThat(page.nextMarker()).isEqualTo("2!100!MDAwMDQ3IWEveC5jc3Y-");
  }

  @Test
  void theLastPageHasNoMarkerAndAnEmptyContainerNoBlobs() {
    assertThat(page("<EnumerationResults><Blobs/><NextMarker/></EnumerationResults>"))
        .isEqualTo(new BlobXml.Page(List.of(), List.of(), null));
    assertThat(page("<EnumerationResults><Prefix>p/</Prefix></EnumerationResults>"))
        .isEqualTo(new BlobXml.Page(List.of(), List.of(), null));
  }

  @Test
  void onlyTheGivenLengthOfTheBufferIsRead() {
    byte[] body =
        (PAGE + "trailing garbage of a reused buffer <<<").getBytes(StandardCharsets.UTF_8);
    assertThat(BlobXml.page(body, PAGE.getBytes(StandardCharsets.UTF_8).length).blobs()).hasSize(2);
  }

  @Test
  void aBlockListKeepsBothListsInOrder() {
    String xml =
        """
        <?xml version="1.0" encoding="utf-8"?>
        <BlockList>
          <CommittedBlocks>
            <Block><Name>QUFB</Name><Size>4194304</Size></Block>
            <Block><Name>QkJC</Name><Size>17</Size></Block>
          </CommittedBlocks>
          <UncommittedBlocks>
            <Block><Name>Q0ND</Name><Size>0</Size></Block>
          </UncommittedBlocks>
        </BlockList>
        """;
    BlobXml.Blocks blocks = BlobXml.blocks(bytes(xml), bytes(xml).length);

    assertThat(blocks.committed())
        .containsExactly(new BlobXml.Block("QUFB", 4194304), new BlobXml.Block("QkJC", 17));
    assertThat(blocks.uncommitted()).containsExactly(new BlobXml.Block("Q0ND", 0));
    String empty = "<BlockList><CommittedBlocks/></BlockList>";
    assertThat(BlobXml.blocks(bytes(empty), bytes(empty).length))
        .isEqualTo(new BlobXml.Blocks(List.of(), List.of()));
  }

  @Test
  void anExternalEntityIsNeverResolved() {
    String xxe =
        """
        <?xml version="1.0"?>
        <!DOCTYPE EnumerationResults [<!ENTITY e SYSTEM "file:///etc/hostname">]>
        <EnumerationResults><Blobs><Blob><Name>&e;</Name></Blob></Blobs></EnumerationResults>
        """;
    assertThatThrownBy(() -> page(xxe))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("List Blobs");
  }

  @Test
  void aBrokenAnswerNamesTheOperation() {
    assertThatThrownBy(() -> page("<EnumerationResults><Blobs><Blob><Name>a</Blob>"))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageStartingWith("java.io.IOException: Malformed XML answer of List Blobs");
    String noSize = "<BlockList><CommittedBlocks><Block><Name>x</Name></Block></CommittedBlocks>";
    assertThatThrownBy(() -> BlobXml.blocks(bytes(noSize), bytes(noSize).length))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("Get Block List");
    assertThatThrownBy(
            () ->
                page(
                    "<EnumerationResults><Blobs><Blob><Properties>"
                        + "<Content-Length>12x</Content-Length></Properties></Blob></Blobs></EnumerationResults>"))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("List Blobs");
  }

  @Test
  void theServicesByteOrderMarkReferencesAndLineEndsReadAsEveryXmlParserReadsThem() {
    String xml =
        "\uFEFF<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<?pi ignored?>"
            + "<EnumerationResults><Blobs>"
            + "<Blob><Name>&#x41;&#66;&lt;&gt;&quot;&apos;<!-- dropped -->\u00e9\u65e5 x\r\ny\rz</Name></Blob>"
            + "<Blob><Name Encoded='true' other=\"a>b\">caf%C3%A9</Name></Blob>"
            + "<BlobPrefix><Name>p<![CDATA[&amp;<x>]]>/</Name></BlobPrefix>"
            + "</Blobs><NextMarker /></EnumerationResults><!-- after -->\n";
    BlobXml.Page page = page(xml);
    assertThat(page.blobs())
        .extracting(BlobXml.Item::name)
        .containsExactly("AB<>\"'\u00e9\u65e5 x\ny\nz", "caf\u00e9");
    assertThat(page.prefixes()).containsExactly("p&amp;<x>/");
    assertThat(page.nextMarker()).isNull();
  }

  @Test
  void whatIsNotWellFormedIsRefusedWithTheOperationNamed() {
    for (String broken :
        List.of(
            "<EnumerationResults><Blobs></EnumerationResults>",
            "<EnumerationResults><Blobs><Blob><Name>a</Name></Blob></Blobs>",
            "<EnumerationResults/><EnumerationResults/>",
            "<EnumerationResults/>trailing text",
            "<EnumerationResults><Blobs><Blob><Name>&nbsp;</Name></Blob></Blobs></EnumerationResults>",
            "<EnumerationResults><Blobs><Blob><Name>&#0;</Name></Blob></Blobs></EnumerationResults>",
            "<EnumerationResults><Blobs><Blob><Name>a &amp b</Name></Blob></Blobs></EnumerationResults>",
            "<EnumerationResults><Blobs><Blob><Name><b/></Name></Blob></Blobs></EnumerationResults>",
            "<EnumerationResults><NextMarker><![CDATA[x</NextMarker></EnumerationResults>",
            "<EnumerationResults><Blobs><Blob><Name Encoded=true>a</Name></Blob></Blobs>"
                + "</EnumerationResults>",
            "",
            "<!-- only a comment -->")) {
      assertThatThrownBy(() -> page(broken))
          .as(broken)
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("List Blobs");
    }
  }

  @Test
  void datesAgreeWithTheJdkFormatterAcrossCenturiesAndLeapDays() {
    SplittableRandom random = new SplittableRandom(20261207);
    for (int i = 0; i < 20_000; i++) {
      Instant instant = Instant.ofEpochSecond(random.nextLong(-2_208_988_800L, 7_258_118_400L));
      String text = DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
      if (text.length() == 29) { // the service's two-digit day; shorter ones go the formatter's way
        assertThat(BlobXml.date(text)).as(text).isEqualTo(instant);
      }
    }
    assertThat(BlobXml.date("Thu, 29 Feb 2024 00:00:00 GMT"))
        .isEqualTo(Instant.parse("2024-02-29T00:00:00Z"));
    assertThat(BlobXml.date("Thu, 01 Jan 1970 00:00:00 GMT")).isEqualTo(Instant.EPOCH);
  }

  @Test
  void datesOutsideTheServicesLayoutGoThroughTheFormatter() {
    assertThat(BlobXml.date("Tue, 3 Jun 2008 11:05:30 GMT"))
        .isEqualTo(Instant.parse("2008-06-03T11:05:30Z"));
    assertThat(BlobXml.date("Tue, 03 Jun 2008 13:05:30 +0200"))
        .isEqualTo(ZonedDateTime.parse("2008-06-03T11:05:30Z").toInstant());
    assertThat(BlobXml.date("")).isNull();
    assertThat(BlobXml.date(null)).isNull();
    // a wrong day name, a 30 February and a 25th hour are refused as the formatter refuses them
    for (String bad :
        List.of(
            "Mon, 03 Dec 2024 10:15:30 GMT",
            "Fri, 30 Feb 2024 10:15:30 GMT",
            "Tue, 03 Dec 2024 25:15:30 GMT",
            "Tue, 03 Dex 2024 10:15:30 GMT")) {
      assertThatThrownBy(() -> BlobXml.date(bad))
          .as(bad)
          .isInstanceOf(DateTimeParseException.class);
    }
  }

  private static BlobXml.Page page(String xml) {
    byte[] body = bytes(xml);
    return BlobXml.page(body, body.length);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
