using RollCall.Cli;

return await RollCallCli.BuildRootCommand().Parse(args).InvokeAsync();
