// embed.html#lesson=ID&step=K → the playground's embed view of that lesson step.
location.replace(`./?embed${location.hash}`);
