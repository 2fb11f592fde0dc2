package org.remotestore.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.remotestore.Registry;
import org.remotestore.RegistryConfig;
import org.remotestore.Store;

/** The example of this module's README, run as written there. */
class ParquetReadmeExampleTest {

  @Test
  void readmeExample() throws IOException {
    List<String> printed = new ArrayList<>();
    try (Registry registry =
        Registry.create(
            RegistryConfig.builder()
                .backend("mem", "memory", Map.of("instance", "pq-readme-" + UUID.randomUUID()))
                .store("lake", "mem", "lake")
                .build())) {
      Store lake = registry.store("lake");
      MessageType schema =
          MessageTypeParser.parseMessageType(
              "message reading { required binary station (STRING); required int64 time;"
                  + " optional double tre200s0; }");
      SimpleGroupFactory rows = new SimpleGroupFactory(schema);
      List<Group> readings =
          List.of(
              rows.newGroup()
                  .append("station", "BER")
                  .append("time", 202603010000L)
                  .append("tre200s0", 4.2),
              rows.newGroup()
                  .append("station", "LUG")
                  .append("time", 202603010000L)
                  .append("tre200s0", 9.1));

      ParquetDatasetStore datasets = new ParquetDatasetStore(lake);
      DatasetManifest manifest =
          datasets.writeDataset(
              "silver/readings/2026-03-01",
              schema,
              readings,
              DatasetWriteOptions.defaults().withMetadata(Map.of("source", "meteoswiss")));
      System.out.println(
          manifest.rowCount()
              + " rows in "
              + manifest.parts().size()
              + " part"); // 2 rows in 1 part
      printed.add(manifest.rowCount() + " rows in " + manifest.parts().size() + " part");

      for (Group row :
          datasets.readDataset("silver/readings/2026-03-01", List.of("station", "tre200s0"))) {
        System.out.println(row.getString("station", 0) + " " + row.getDouble("tre200s0", 0));
        printed.add(row.getString("station", 0) + " " + row.getDouble("tre200s0", 0));
      }

      String part = "silver/readings/2026-03-01/" + manifest.parts().get(0).path();
      try (ParquetFileReader reader =
          ParquetFileReader.open(
              new StoreInputFile(lake, part), ParquetReadOptions.builder().build())) {
        System.out.println(reader.getRecordCount()); // 2
        printed.add(String.valueOf(reader.getRecordCount()));
      }
    }
    assertThat(printed).containsExactly("2 rows in 1 part", "BER 4.2", "LUG 9.1", "2");
  }
}
