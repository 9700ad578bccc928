package org.parley.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness measures what it claims: every generated interaction ends up stored, once, on both paths. */
class IngestBenchmarkTest {

    @Test
    void bothPathsStoreEveryRowExactlyOnce(@TempDir Path dir) throws Exception {
        IngestBenchmark.Result result = IngestBenchmark.run(3_000, 100, 2, 20, dir, "");
        assertThat(result.storedRows()).isEqualTo(3_000);
        assertThat(result.rawRows()).isEqualTo(3_000);
        assertThat(result.p99Millis()).isGreaterThanOrEqualTo(result.p50Millis());
        assertThat(result.assessedRows()).as("stored with a sentiment on the whole path").isEqualTo(3_000);
        assertThat(result.report()).contains("interactions/s").contains("ratio parley / raw");
    }

    @Test
    void theSampleIsMultilingualAndValid() {
        var rows = SampleInteractions.generate(500, "bench", 1);
        var validator = new org.parley.api.InteractionValidator();
        assertThat(rows).allSatisfy(i -> assertThat(validator.problems(i)).isEmpty());
        assertThat(rows).extracting(i -> i.language()).contains("en", "nl", "es", "id", "zh");
    }
}
