# An import that fails.
import no_such_module_anywhere_for_the_kata  # noqa: F401
