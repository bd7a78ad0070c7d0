/**
 * Import first in a test file that checks the outbound SSRF guard: the test setup allows private
 * URLs for local subscribers, this puts the production default back before the env module loads.
 */
process.env.OUTBOUND_ALLOW_PRIVATE_URLS = "false";
