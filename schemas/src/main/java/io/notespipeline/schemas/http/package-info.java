/**
 * What every HTTP API and client shares: the error body ({@link io.notespipeline.schemas.http.ErrorBody})
 * with its codes ({@link io.notespipeline.schemas.http.ErrorCode}), and the Jackson configuration
 * ({@link io.notespipeline.schemas.http.Json}).
 */
package io.notespipeline.schemas.http;
