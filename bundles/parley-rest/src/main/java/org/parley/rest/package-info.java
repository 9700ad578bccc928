/** The Social tab's token format and access service; everything else of parley-rest is private. */
package org.parley.rest;
