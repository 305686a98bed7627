package io.immut.examples.driver;

import io.immut.spi.CloudDriver;
import io.immut.spi.CloudDriverProvider;
import io.immut.spi.DriverConfig;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The provider of the {@code map} driver, registered in
 * {@code META-INF/services/io.immut.spi.CloudDriverProvider}. Each driver it opens runs over a new
 * {@link MapCloud} of its own.
 *
 * <p>Properties: {@code images} (comma-separated image ids the cloud knows, default {@code img-1}),
 * {@code pageSize} (machines per listing page, default 50), {@code terminateBatch} (ids per
 * terminate call, default 100).
 */
public final class MapDriverProvider implements CloudDriverProvider {
  /** The driver's name. */
  public static final String NAME = "map";

  /** Does nothing: a provider's constructor does no I/O. */
  public MapDriverProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CloudDriver create(DriverConfig config, io.immut.spi.DriverContext context) {
    DriverConfig.Reader r = config.reader();
    String images = r.string("images", "img-1");
    int pageSize = r.integer("pageSize", 50, 1, 10_000);
    int terminateBatch = r.integer("terminateBatch", 100, 1, 10_000);
    Set<String> imageIds = Arrays.stream(images.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .collect(Collectors.toSet());
    if (imageIds.isEmpty()) {
      r.problem("images: is empty; allowed: comma-separated image ids such as img-1,img-2");
    }
    r.validate();
    return new MapDriver(new MapCloud(imageIds, pageSize, terminateBatch));
  }
}
