// Package scenario is the home of the config tree: the Config that a
// scenario file holds (the model's keys at the top level, run, policy and
// forecast sections), how it is decoded strictly from nested settings
// (Decode, Parse, FromJSON), checked key by key with values converted to
// the types the fields want (Normalize), validated (Config.Validate),
// addressed by dotted keys with list items by index (Override, CheckKey,
// Has, Parent), layered (Merge), written back in the config file's order
// (Config.MarshalYAML, JSON, YAML, Settings, TreeOf) and explained when a
// key or name is misspelt (KeyHint, NameHint, Suggest).
//
// The command line layers the embedded default, a --config file, UNCONF_*
// variables and flags into nested settings and hands them to Normalize and
// Decode; sweeps set their parameters with Override on the same settings.
// Default and Embedded read the scenarios embedded in package configs.
//
// Errors keep the words the user sees: "config: …", "override: …", or a
// *KeyError naming the key.
package scenario
