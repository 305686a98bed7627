/**
 * The GCP driver of immut: Compute Engine instances, one per fleet member, labelled with their
 * fleet, generation and owner, created with {@code instances.bulkInsert} (one request per zone,
 * deterministic names from the launch token, a {@code requestId} UUID for idempotency) on the
 * REST transport of google-cloud-compute. See {@code docs/drivers/gcp.md}.
 */
package io.immut.driver.gcp;
