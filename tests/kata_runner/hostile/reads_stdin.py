# Waiting for keyboard input while the module is imported (there is no stdin).
_ANSWER = input("stock? ")
