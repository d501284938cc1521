/** Implementation of the CDI integration; not API, may change without notice. */
package io.latzero.persistence.cdi.internal;
