# shellcheck shell=bash
# Step 10: CITUS_* values are valid (already checked once before dropping root; cheap to repeat when the
# container was started as postgres directly).
ctk_validate
