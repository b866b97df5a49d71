package dev.threadline.thread.query;

import dev.threadline.thread.view.SearchHit;
import io.micronaut.core.annotation.Nullable;
import java.util.List;

/** One page of search hits; {@code next} is null on the last page. */
public record SearchPage(List<SearchHit> hits, @Nullable SearchKey next) {
}
