# bash completion for mipsbake(1).
# make install puts it where bash-completion loads it on demand:
# $(DATADIR)/bash-completion/completions/mipsbake. Without bash-completion, source it.
# The candidates come from 'mipsbake __complete WORD...' (the words up to the cursor): the
# commands, the options of the command, manifests, and the boards, targets, toolchains and
# dependencies of the manifest named on the line (default mipsbake.yaml).

_mipsbake()
{
	local cur words cword i
	if declare -F _init_completion >/dev/null 2>&1; then
		# one word for --dist=DIR and names with a ':'
		_init_completion -n =: || return
	else
		# the same by hand: bash splits "--dist=DIR" into "--dist" "=" "DIR"
		words=()
		for ((i = 0; i <= COMP_CWORD; i++)); do
			if ((i > 1)) && [[ ${COMP_WORDS[i]} == [=:] || ${words[-1]} == *[=:] ]]; then
				words[-1]+=${COMP_WORDS[i]}
			else
				words+=("${COMP_WORDS[i]}")
			fi
		done
		cword=$((${#words[@]} - 1))
		cur=${words[cword]}
	fi
	local IFS=$'\n'
	# shellcheck disable=SC2207 # one candidate a line
	COMPREPLY=($(command "${words[0]}" __complete "${words[@]:1:cword}" 2>/dev/null))
	# readline replaces only what follows the last word break ('=', ':') of the word
	local pre=${cur%"${cur##*[=:]}"}
	case $COMP_WORDBREAKS in *"${pre: -1}"*)
		for ((i = 0; i < ${#COMPREPLY[@]}; i++)); do
			COMPREPLY[i]=${COMPREPLY[i]#"$pre"}
		done
	esac
	# a directory is a step on the way: no space after it
	if [[ ${#COMPREPLY[@]} == 1 && ${COMPREPLY[0]} == */ ]]; then
		compopt -o nospace 2>/dev/null
	fi
	return 0
}
complete -F _mipsbake mipsbake
