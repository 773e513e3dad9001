# shellcheck shell=bash
# Step 40: work that needs the running server (extension check, coordinator host, worker self-registration)
# runs in the background and waits for the server on its Unix socket.
if [ "$CITUS_ENABLE" = true ]; then
	setsid "$CTK_HOME/runtime/after-start.sh" &
fi
