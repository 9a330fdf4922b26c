from csvinspect.cli import main

raise SystemExit(main())
