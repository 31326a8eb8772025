from lodestar_client.cli import main

raise SystemExit(main())
