from naikkelas.cli import main

main()
