/** Who may do what: the roles of API tokens. */
package io.cutover.core.auth;
