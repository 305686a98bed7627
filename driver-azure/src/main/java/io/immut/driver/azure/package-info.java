/**
 * The Azure driver of immut: individual virtual machines in one resource group, through
 * azure-resourcemanager's lower-level Compute and Network clients. See {@code docs/drivers/azure.md}.
 */
package io.immut.driver.azure;
