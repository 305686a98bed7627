/**
 * The Azure driver (name {@code azure}): individual virtual machines in one resource group,
 * through azure-resourcemanager's lower-level Compute and Network clients; traffic through a
 * Standard Load Balancer's backend pool.
 */
module io.immut.driver.azure {
  requires io.immut.api;
  requires org.slf4j;
  // in the public signatures of AzureDriver's factories: a credential, an HTTP client, ready managers
  requires transitive com.azure.core;
  requires transitive com.azure.resourcemanager.compute;
  requires transitive com.azure.resourcemanager.network;
  requires com.azure.core.management;
  requires com.azure.core.http.jdk.httpclient;
  requires com.azure.identity;
  requires com.azure.json;

  exports io.immut.driver.azure;

  provides io.immut.spi.CloudDriverProvider with io.immut.driver.azure.AzureDriverProvider;
}
