package org.parley.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drain harness measures what it claims: every interaction of the run becomes exactly one note. */
class OutboxDrainBenchmarkTest {

    @Test
    void everyInteractionIsWrittenOnce(@TempDir Path dir) throws Exception {
        OutboxDrainBenchmark.Result result = OutboxDrainBenchmark.run(200, 1, 4, dir);
        assertThat(result.notes()).isEqualTo(200);
        assertThat(result.requestsPerWrite()).isGreaterThanOrEqualTo(2.0);
        assertThat(result.report()).contains("ratio to ideal");
    }
}
