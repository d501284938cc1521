/**
 * The {@code latzero-persistence} command-line tool: a thin picocli front end over
 * {@link io.latzero.persistence.PersistenceManager} that runs the specification's demo, prints statistics and
 * records as JSON, and takes and restores backups. Build it with {@code mvn package} and run
 * {@code java -jar target/latzero-persistence-<version>-cli.jar --help}.
 *
 * <p>Nothing else in the library depends on this package; picocli is an optional dependency.
 */
package io.latzero.persistence.cli;
